import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

// Run as users run it: the esbuild bundle behind `npm run corpus:check`, in its own process.
beforeAll(() => {
  const build = spawnSync(process.execPath, ['scripts/build.mjs'], { encoding: 'utf8' });
  expect(build.status, build.stderr).toBe(0);
});

function check(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, ['dist/corpus-check.mjs', ...args], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', ...env } });
}

describe('npm run corpus:check', () => {
  it('prints how a numbered document segments: points, ids, sub-items with lead-ins, headings, versions', () => {
    const r = check(['test/fixtures/numbered']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('plan-points (');
    expect(r.stdout).toContain('numbered, 28 points (dot markers)');
    expect(r.stdout).toContain('version "revision 2", supersedes plan-points');
    expect(r.stdout).toContain('  heading: Security and guarantees');
    expect(r.stdout).toMatch(/plan-points:10\.3 {2}a Ukrainian invasion of Russia cancels it; +← lead-in: The American guarantee comes with conditions:/);
    expect(r.stdout).toContain('plan-points:12.3  (b) the United States and Ukraine jointly rebuild');
    expect(r.stdout).toMatch(/2 documents, 88 passages, 0 errors, 0 warnings\n$/);
  });

  it('checks one file against the corpus it would join, and shows the article as paragraphs', () => {
    const r = check(['corpus/plan-article.txt']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('plan-article (corpus/plan-article.txt): paragraphs (no numbered points), 31 passages');
    expect(r.stdout).toContain('plan-article:7.2  prohibits NATO troop deployments in Ukraine');
    const alone = check(['test/fixtures/numbered/plan-points-v2.txt']);
    expect(alone.status).toBe(1);
    expect(alone.stdout).toContain('error: test/fixtures/numbered/plan-points-v2.txt: "supersedes: plan-points" names no document of the corpus');
    expect(check(['test/fixtures/numbered/plan-points-v2.txt'], { CORPUS_DIR: 'test/fixtures/numbered' }).status).toBe(0);
  });

  it('warns about missing points, and exits 1 on a duplicate point number', () => {
    const dir = mkdtempSync(join(tmpdir(), 'corpus-check-'));
    try {
      const head = '---\nid: doc\ntitle: t\nsource: s\ndate: 2025-11-20\n---\n';
      writeFileSync(join(dir, 'gap.txt'), `${head}1. One.\n2. Two.\n5. Five.\n`);
      const gap = check([join(dir, 'gap.txt')]);
      expect(gap.status).toBe(0);
      expect(gap.stdout).toContain('warning: ');
      expect(gap.stdout).toContain('points 3-4 are missing (after point 2 comes 5)');
      writeFileSync(join(dir, 'dup.txt'), `${head}1. One.\n2. Two.\n2. Again.\n3. Three.\n`);
      const dup = check([join(dir, 'dup.txt')]);
      expect(dup.status).toBe(1);
      expect(dup.stdout).toContain('point 2 appears twice');
      expect(dup.stdout).toMatch(/1 error, 0 warnings\n$/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('exits 1 naming a file that does not load, and 2 on bad usage', () => {
    const dir = mkdtempSync(join(tmpdir(), 'corpus-check-'));
    try {
      writeFileSync(join(dir, 'bad.txt'), 'no header\n');
      const bad = check([join(dir, 'bad.txt')]);
      expect(bad.status).toBe(1);
      expect(bad.stderr).toContain('bad.txt: missing metadata header');
      expect(check(['a', 'b']).status).toBe(2);
      expect(check([join(dir, 'nothing-here')]).status).toBe(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('checks curation.json: exits 1 on a pin to a missing id or an alias to words no passage holds, 0 when it fits', () => {
    const dir = mkdtempSync(join(tmpdir(), 'corpus-check-'));
    try {
      copyFileSync('corpus/plan-article.txt', join(dir, 'plan-article.txt'));
      const at = '2026-12-05T08:00:00Z';
      const write = (entries: unknown[]): void => writeFileSync(join(dir, 'curation.json'), JSON.stringify({ entries }));
      write([
        { kind: 'alias', phrase: 'Geneva cap', means: '600,000 personnel', by: 'ops', at },
        { kind: 'pin', phrase: 'army size', ids: ['plan-article:7.1'], by: 'ops', at },
      ]);
      expect(check([dir]).stdout).toMatch(/0 errors, 0 warnings\n$/);
      write([{ kind: 'pin', phrase: 'army size', ids: ['plan-article:99.1'], by: 'ops', at }]);
      const pin = check([dir]);
      expect(pin.status).toBe(1);
      expect(pin.stdout).toContain('error: ' + join(dir, 'curation.json') + ': entry 1 (pin "army size"): no passage has the id plan-article:99.1');
      write([{ kind: 'alias', phrase: 'moon cap', means: 'moon base', by: 'ops', at }]);
      expect(check([], { CORPUS_DIR: dir }).stdout).toContain('no passage contains the words "moon base"');
      writeFileSync(join(dir, 'curation.json'), '[');
      expect(check([dir]).stdout).toContain('not readable JSON');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
