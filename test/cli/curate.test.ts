/**
 * `npm run curate` as users run it (the bundle, in its own process, on a copy of the corpus): the
 * acceptance path from a declined question to a quoted one and back, pins, refused changes, and
 * suggestions from a seeded outcome store.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SQLITE_UNAVAILABLE } from '../helpers/sqlite.js';

const GENEVA = 'What does the plan say about the Geneva cap?';
let dir: string;
let corpus: string;

beforeAll(() => {
  const build = spawnSync(process.execPath, ['scripts/build.mjs'], { encoding: 'utf8' });
  expect(build.status, build.stderr).toBe(0);
  dir = mkdtempSync(join(tmpdir(), 'curate-'));
  corpus = join(dir, 'corpus');
  mkdirSync(corpus);
  copyFileSync('corpus/plan-article.txt', join(corpus, 'plan-article.txt'));
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const env = (): Record<string, string> => ({ PATH: process.env.PATH ?? '', CORPUS_DIR: corpus, DATA_DIR: join(dir, 'data') });
const curate = (...args: string[]) => spawnSync(process.execPath, ['dist/curate.mjs', ...args], { encoding: 'utf8', env: env() });
/** The CLI's --json answer (the plain bundle, so that no start-up snapshot of another corpus is involved). */
const ask = (question: string): { answered: boolean; citations: { id: string }[]; curated?: unknown } =>
  JSON.parse(spawnSync(process.execPath, ['dist/cli.mjs', '--json', '--corpus', corpus, question], { encoding: 'utf8', env: env() }).stdout);
const entries = (): { kind: string; phrase: string; by: string }[] => (JSON.parse(readFileSync(join(corpus, 'curation.json'), 'utf8')) as { entries: { kind: string; phrase: string; by: string }[] }).entries;

// Each step starts a process that loads the corpus: generous limits for a loaded machine.
describe('npm run curate', { timeout: 90_000 }, () => {
  it('teaches an alias: declined before, plan-article:7.1 first after, declined again once removed', () => {
    expect(ask(GENEVA).answered).toBe(false);
    const added = curate('alias', 'Geneva cap', '600,000 personnel', '--by', 'ops', '--note', 'what the delegates call it');
    expect(added.status, added.stderr).toBe(0);
    expect(added.stdout).toContain('added 1. alias "Geneva cap" → "600,000 personnel" (by ops, ');
    expect(added.stdout).toMatch(/"Geneva cap"\n {2}before: declines: .*Geneva.*\n {2}now: {4}quotes plan-article:7\.1/);
    expect(entries()).toMatchObject([{ kind: 'alias', phrase: 'Geneva cap', by: 'ops' }]);
    const taught = ask(GENEVA);
    expect(taught.citations[0]!.id).toBe('plan-article:7.1');
    expect(taught.curated).toEqual([{ kind: 'alias', phrase: 'Geneva cap' }]);
    expect(curate('list').stdout).toMatch(/^1\. alias "Geneva cap" → "600,000 personnel" \(by ops, .*; what the delegates call it\)\n$/);

    const removed = curate('remove', '1');
    expect(removed.status, removed.stderr).toBe(0);
    expect(removed.stdout).toMatch(/before: quotes plan-article:7\.1.*\n {2}now: {4}declines/);
    expect(entries()).toEqual([]);
    expect(ask(GENEVA).answered).toBe(false);
  });

  it('teaches a pin the same way', () => {
    const pinned = curate('pin', 'Geneva cap', 'plan-article:7.2', '--by', 'ops');
    expect(pinned.status, pinned.stderr).toBe(0);
    const answer = ask(GENEVA);
    expect(answer.citations[0]!.id).toBe('plan-article:7.2');
    expect(answer.curated).toEqual([{ kind: 'pin', phrase: 'Geneva cap' }]);
    expect(curate('remove', '1').status).toBe(0);
    expect(ask(GENEVA).answered).toBe(false);
  });

  it('refuses a change the bot would not load, and leaves the file as it was', () => {
    const before = existsSync(join(corpus, 'curation.json')) ? readFileSync(join(corpus, 'curation.json'), 'utf8') : '';
    const missing = curate('pin', 'army size', 'plan-article:99.1');
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('no passage has the id plan-article:99.1');
    const nowhere = curate('alias', 'moon', 'moon base');
    expect(nowhere.status).toBe(1);
    expect(nowhere.stderr).toContain('no passage contains the words "moon base"');
    expect(readFileSync(join(corpus, 'curation.json'), 'utf8')).toBe(before);
    expect(curate('remove', '7').status).toBe(1);
    expect(curate('alias', 'only-one').status).toBe(2);
    expect(curate('frobnicate').status).toBe(2);
  });
});

describe.skipIf(SQLITE_UNAVAILABLE)('npm run curate -- suggest', { timeout: 90_000 }, () => {
  it('gives [{subject, count, suggestions: [{words|passage, command}]}] for the subjects report:seed declined', () => {
    const db = join(dir, 'seed.db');
    const seeded = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/seed-report.ts', '--db', db, '--count', '300'], { encoding: 'utf8' });
    expect(seeded.status, seeded.stderr).toBe(0);
    const r = curate('suggest', '--json', '--db', db);
    expect(r.status, r.stderr).toBe(0);
    const list = JSON.parse(r.stdout) as { subject: string; count: number; suggestions: Record<string, string>[] }[];
    expect(list.map((s) => s.subject)).toEqual(expect.arrayContaining(['G8', 'Board of Peace']));
    for (const s of list) {
      expect(Object.keys(s)).toEqual(['subject', 'count', 'suggestions']);
      expect(s.count).toBeGreaterThan(0);
      for (const x of s.suggestions) {
        expect(x.command).toMatch(/^npm run curate -- (alias|pin) /);
        expect('words' in x || 'passage' in x).toBe(true);
      }
    }
    expect(list.find((s) => s.subject === 'Board of Peace')!.suggestions).toContainEqual({ passage: 'plan-article:1.1', command: 'npm run curate -- pin "Board of Peace" plan-article:1.1' });
    expect(curate('suggest', '--db', db).stdout).toContain('What to teach it, most asked first:');
    expect(curate('suggest', '--json', '--db', join(dir, 'none.db')).stdout).toBe('[]\n');
  });
});
