import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

// The CLI runs as users run it: the esbuild bundle, in its own process.
beforeAll(() => {
  const build = spawnSync(process.execPath, ['scripts/build.mjs'], { encoding: 'utf8' });
  expect(build.status, build.stderr).toBe(0);
});

function ask(args: string[], input?: string, env: Record<string, string> = {}, blob?: string) {
  return spawnSync(process.execPath, [...(blob ? ['--snapshot-blob', blob] : []), 'dist/cli.mjs', ...args], {
    encoding: 'utf8',
    input: input ?? '',
    env: { PATH: process.env.PATH ?? '', ...env },
  });
}

describe('the ask CLI', () => {
  it('prints the NATO clauses with their citation ids', () => {
    const r = ask(['what does it say about NATO?']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('What the summary says about NATO:');
    expect(r.stdout).toContain('plan-article:7.2');
    // The clause in its sentence, marked without colour; the document credited once.
    expect(r.stdout).toContain('personnel, *prohibits NATO troop deployments in Ukraine*, and stations European fighter jets in Poland.');
    expect(r.stdout.match(/Source: Draft 28-point US peace plan/g)).toHaveLength(1);
    expect(r.stdout).not.toContain('\x1b['); // no colour when not a terminal
  });

  it('prints one JSON object with --json', () => {
    const r = ask(['--json', 'Is there a buffer zone?']);
    const out = JSON.parse(r.stdout) as { question: string; answered: boolean; text: string; citations: { id: string; quote: string }[] };
    expect(out.answered).toBe(true);
    expect(out.question).toBe('Is there a buffer zone?');
    expect(out.citations[0]!.quote).toContain('demilitarized buffer zone');
  });

  it('answers piped questions one JSON line each, in order, with logs kept off stdout', () => {
    const r = ask([], 'What does the plan say about Syria?\nWhen will Ukraine hold elections?\n\n', { LOG_LEVEL: 'info' });
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { answered: boolean; kind: string });
    expect(lines.map((l) => l.kind)).toEqual(['not-covered', 'answered', 'invalid']);
    expect(r.stderr).toContain('"msg":"question handled"');
  });

  it('exits 2 with a one-line message on bad usage or configuration', () => {
    const bad = ask(['--nope']);
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/^ask: .*--nope/);
    const max = ask(['--max', 'zero', 'NATO?']);
    expect(max.status).toBe(2);
    const env = ask(['NATO?'], undefined, { MAX_CITATIONS: 'lots' });
    expect(env.status).toBe(2);
    expect(env.stderr).toContain('MAX_CITATIONS');
  });

  it('shows a sub-item with its point and lead-in above the quote, and the version under it; compares versions', () => {
    const corpus = mkdtempSync(join(tmpdir(), 'cli-points-'));
    try {
      for (const f of ['corpus/plan-article.txt', 'test/fixtures/numbered/plan-points.txt', 'test/fixtures/numbered/plan-points-v2.txt']) copyFileSync(f, join(corpus, basename(f)));
      const sub = ask(['--corpus', corpus, 'What cancels the American guarantee?']);
      expect(sub.status).toBe(0);
      expect(sub.stdout).toContain('  Point 8 · The American guarantee comes with conditions:\n  “a large-scale Ukrainian invasion of Russia cancels it;”\n  — plan-points-v2:8.3 · revision 2\n');
      const json = JSON.parse(ask(['--json', '--corpus', corpus, 'What cancels the American guarantee?']).stdout) as { citations: { id: string; context?: object; version?: string }[] };
      expect(json.citations.find((c) => c.id === 'plan-points-v2:8.3')).toMatchObject({ context: { point: '8', leadIn: 'The American guarantee comes with conditions:' }, version: 'revision 2' });
      const compare = ask(['--corpus', corpus, 'what changed about the army cap?']);
      expect(compare.stdout).toContain('The army cap in 2 versions of the plan, newest first:');
      expect(compare.stdout.indexOf('800,000')).toBeLessThan(compare.stdout.indexOf('600,000'));
      expect(compare.stdout).toContain('plan-points:6.1 · draft 1\n');
      // Each version credited once, its version named.
      expect(compare.stdout.match(/Source: .*\(draft 1\), /g)).toHaveLength(1);
    } finally {
      rmSync(corpus, { recursive: true, force: true });
    }
  });

  it('exits 1 naming the file when the corpus is broken', () => {
    const r = ask(['--corpus', 'test/fixtures', 'NATO?']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/holds no documents/);
  });
  it('keeps every dev-set quote and id exactly as before sentences and attributions were added', () => {
    // test/fixtures/dev-citations.jsonl is the --json output (id, quote) of the last deliberate ranking
    // change; `npm run golden` remakes it, and the diff is reviewed in that change's commit.
    const expected = readFileSync('test/fixtures/dev-citations.jsonl', 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { q: string; citations: { id: string; quote: string }[] });
    const r = ask([], `${expected.map((e) => e.q).join('\n')}\n`);
    expect(r.status).toBe(0);
    const got = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { question: string; citations: { id: string; quote: string; sentence: string; offsets: { start: number; end: number } }[] });
    expect(got.map((a) => ({ q: a.question, citations: a.citations.map(({ id, quote }) => ({ id, quote })) }))).toEqual(expected);
    for (const c of got.flatMap((a) => a.citations)) expect(c.sentence.slice(c.offsets.start, c.offsets.end)).toBe(c.quote);
  });
});

describe('the ask CLI started from its snapshot', () => {
  it('is built by the build script', () => {
    expect(existsSync('dist/cli.blob')).toBe(true);
  });

  it('answers byte for byte as the plain start does, whatever the options', () => {
    const other = mkdtempSync(join(tmpdir(), 'corpus-'));
    cpSync('corpus', other, { recursive: true });
    const runs: [string[], string?, Record<string, string>?][] = [
      [['what does it say about NATO?']],
      [['--json', 'Wat abuot the armistise?']],
      [['--json', 'Що буде з Кримом?']],
      [['topics']],
      [['--json', 'sources']],
      [['clause 7']],
      [['--json', 'point 7']],
      [['compare NATO']],
      [['--corpus', 'test/fixtures/numbered', '--json', 'item 10']],
      [['--max', '1', 'NATO']],
      [['NATO'], undefined, { MAX_CITATIONS: '1' }],
      [['NATO'], undefined, { MAX_CITATIONS: 'lots' }],
      [['--corpus', 'test/fixtures', 'NATO?']],
      [['--corpus', other, '--json', 'NATO']],
      [['--json', 'NATO'], undefined, { CORPUS_DIR: 'corpus' }],
      [[], 'What does the plan say about Syria?\nWhen will Ukraine hold elections?\n\nclause 7.2\n'],
      [['--nope']],
    ];
    for (const [args, input, env] of runs) {
      const plain = ask(args, input, env);
      const snap = ask(args, input, env, 'dist/cli.blob');
      expect({ status: snap.status, stdout: snap.stdout, stderr: snap.stderr }, args.join(' ')).toEqual({ status: plain.status, stdout: plain.stdout, stderr: plain.stderr });
    }
  });

  it('reads the corpus again when its documents changed after the snapshot was made', () => {
    const dir = mkdtempSync(join(tmpdir(), 'snapshot-'));
    const corpus = join(dir, 'corpus');
    cpSync('corpus', corpus, { recursive: true });
    const blob = join(dir, 'cli.blob');
    const made = spawnSync(process.execPath, ['--snapshot-blob', blob, '--build-snapshot', 'dist/cli-snapshot.cjs'], { env: { PATH: process.env.PATH ?? '', CORPUS_DIR: corpus }, encoding: 'utf8' });
    expect(made.status, made.stderr).toBe(0);
    expect(ask(['clause 1.1'], undefined, { CORPUS_DIR: corpus }, blob).stdout).not.toContain('Flamingo');
    const file = join(corpus, 'plan-article.txt');
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.replace(/^(---\n[\s\S]*?\n---\n)/, '$1Flamingo treaty. '));
    const changed = ask(['clause 1.1'], undefined, { CORPUS_DIR: corpus }, blob);
    expect(changed.status).toBe(0);
    expect(changed.stdout).toContain('Flamingo treaty.');
  });

  it('is optional: the launcher starts the plain way when there is no blob', () => {
    const dir = mkdtempSync(join(tmpdir(), 'launcher-'));
    mkdirSync(join(dir, 'dist'));
    cpSync('scripts', join(dir, 'scripts'), { recursive: true });
    cpSync('dist/cli.mjs', join(dir, 'dist/cli.mjs'));
    cpSync('corpus', join(dir, 'corpus'), { recursive: true });
    const r = spawnSync('sh', [join(dir, 'scripts/ask.sh'), 'what does it say about NATO?'], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe(ask(['what does it say about NATO?']).stdout);
  });
});
