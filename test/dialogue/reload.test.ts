import { EventEmitter } from 'node:events';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PlanBot } from '../../src/dialogue/bot.js';
import { createLogger } from '../../src/runtime/logger.js';
import { LiveBot, reloadOnSignal } from '../../src/dialogue/reload.js';
import { NUMBERED_DIR } from '../helpers/numbered.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'reload-'));
  copyFileSync('corpus/plan-article.txt', join(dir, 'plan-article.txt'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const firstId = (live: LiveBot, q: string): string | undefined => {
  const a = live.ask(q);
  return a.kind === 'answered' ? a.citations[0]!.id : undefined;
};

describe('reloading the corpus', () => {
  it('answers from the new corpus after a reload, with the same options and rate limits', () => {
    const live = new LiveBot(PlanBot.load({ corpusDir: dir, rateLimit: { perMinute: 1 } }));
    expect(live.ask('point 10', { user: 'u' }).kind).toBe('answered');
    copyFileSync(join(NUMBERED_DIR, 'plan-points.txt'), join(dir, 'plan-points.txt'));
    expect(live.reload()).toEqual({ ok: true, documents: 2, passages: live.bot.index.passages.length });
    expect(live.ask('point 10', { user: 'u' }).kind).toBe('invalid'); // still limited: one a minute
    expect(firstId(live, 'point 10')).toBe('plan-points:10');
    expect(live.pointChoices('10')[0]!.value).toBe('plan-points:10');
    expect(live.passageIds).toContain('plan-points:10.3');
  });

  it.each([
    ['a malformed header', 'bad.txt', '---\nid: bad\n---\nText.\n', /bad\.txt: invalid metadata/],
    ['a duplicate point number', 'dup.txt', '---\nid: dup\ntitle: t\nsource: s\ndate: 2025-11-20\n---\n1. One.\n2. Two.\n2. Again.\n3. Three.\n', /point 2 appears twice/],
    ['a broken supersedes link', 'next.txt', '---\nid: next\ntitle: t\nsource: s\ndate: 2025-11-20\nversion: 2\nsupersedes: nothing\n---\nText.\n', /names no document/],
  ])('keeps the old corpus when the new one has %s, and says why', (_what, file, content, reason) => {
    const live = new LiveBot(PlanBot.load({ corpusDir: dir }));
    const before = live.bot;
    writeFileSync(join(dir, file), content);
    const outcome = live.reload();
    expect(outcome.ok).toBe(false);
    expect(!outcome.ok && outcome.reason).toMatch(reason);
    expect(live.bot).toBe(before);
    expect(firstId(live, 'what does it say about NATO?')).toBe('plan-article:5.1');
  });

  it('reloads on SIGHUP and logs the outcome either way', () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(...chunk.toString('utf8').trim().split('\n'));
        done();
      },
    });
    const live = new LiveBot(PlanBot.load({ corpusDir: dir }));
    const signals = new EventEmitter();
    const stop = reloadOnSignal(live, createLogger({ level: 'info', destination }), signals);
    writeFileSync(join(dir, 'bad.txt'), 'no header');
    signals.emit('SIGHUP');
    rmSync(join(dir, 'bad.txt'));
    copyFileSync(join(NUMBERED_DIR, 'plan-points.txt'), join(dir, 'plan-points.txt'));
    signals.emit('SIGHUP');
    stop();
    signals.emit('SIGHUP'); // no longer listening: nothing more is logged
    const logs = lines.map((l) => JSON.parse(l) as { level: string; msg: string; reason?: string; documents?: number });
    expect(logs.map((l) => [l.level, l.msg])).toEqual([
      ['error', 'corpus reload failed; still answering from the previous corpus'],
      ['info', 'corpus reloaded'],
    ]);
    expect(logs[0]!.reason).toContain('missing metadata header');
    expect(logs[1]!.documents).toBe(2);
  });
});
