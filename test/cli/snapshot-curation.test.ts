/** The CLI's start-up snapshot holds a loaded bot; a change to curation.json must make it stale, as a document change does. */
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusFingerprint, loadBot, preload } from '../../src/cli/snapshot.js';

describe('the snapshot fingerprint', () => {
  it('changes with curation.json, so that a run after curate answers with the new entry', () => {
    const dir = mkdtempSync(join(tmpdir(), 'snapshot-curation-'));
    try {
      copyFileSync('corpus/plan-article.txt', join(dir, 'plan-article.txt'));
      const preloaded = preload({ corpusDir: dir });
      const before = corpusFingerprint(dir);
      writeFileSync(join(dir, 'curation.json'), JSON.stringify({ entries: [{ kind: 'alias', phrase: 'Geneva cap', means: '600,000 personnel', by: 'ops', at: '2026-12-05T08:00:00Z' }] }));
      expect(corpusFingerprint(dir)).not.toBe(before);
      const bot = loadBot({ corpusDir: dir }, preloaded);
      expect(bot).not.toBe(preloaded.bot);
      expect(bot.ask('What does the plan say about the Geneva cap?').kind).toBe('answered');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
