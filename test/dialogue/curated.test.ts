import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PlanBot } from '../../src/dialogue/bot.js';
import { LiveBot } from '../../src/dialogue/reload.js';
import { writeCuration, type CurationEntry } from '../../src/corpus/curation.js';
import { CorpusError } from '../../src/corpus/load.js';

const at = '2026-12-05T08:00:00.000Z';
const GENEVA = 'What does the plan say about the Geneva cap?';
const alias: CurationEntry = { kind: 'alias', phrase: 'Geneva cap', means: '600,000 personnel', by: 'ops', at };
const pin: CurationEntry = { kind: 'pin', phrase: 'Geneva cap', ids: ['plan-article:7.2'], by: 'ops', at };

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'curated-'));
  copyFileSync('corpus/plan-article.txt', join(dir, 'plan-article.txt'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const load = (entries: CurationEntry[]): PlanBot => {
  writeCuration(dir, { entries });
  return PlanBot.load({ corpusDir: dir });
};

describe('answers shaped by curation.json', () => {
  it('declines the Geneva cap without curation, and quotes plan-article:7.1 first with the alias, saying so', () => {
    expect(load([]).ask(GENEVA).kind).toBe('not-covered');
    const answer = load([alias]).ask(GENEVA);
    expect(answer.kind).toBe('answered');
    if (answer.kind !== 'answered') return;
    expect(answer.citations[0]!.id).toBe('plan-article:7.1');
    expect(answer.question).toBe(GENEVA);
    expect(answer.curated).toEqual([{ kind: 'alias', phrase: 'Geneva cap' }]);
  });

  it('puts a pinned passage first, even for a question the ranking declines', () => {
    const answer = load([pin]).ask(GENEVA);
    expect(answer.kind).toBe('answered');
    if (answer.kind !== 'answered') return;
    expect(answer.citations.map((c) => c.id)).toEqual(['plan-article:7.2']);
    expect(answer.curated).toEqual([{ kind: 'pin', phrase: 'Geneva cap' }]);
    const both = load([alias, pin]).ask(GENEVA);
    expect(both.kind === 'answered' && both.citations.map((c) => c.id).slice(0, 2)).toEqual(['plan-article:7.2', 'plan-article:7.1']);
  });

  it('leaves questions no entry matches exactly as they were, with no curated field', () => {
    const plain = load([]).ask('What does it say about NATO?');
    const curated = load([alias, pin]).ask('What does it say about NATO?');
    expect(JSON.stringify(curated)).toBe(JSON.stringify(plain));
    expect('curated' in curated).toBe(false);
  });

  it('is deterministic: the same question, corpus and curation give byte-identical answers', () => {
    const a = load([alias, pin]);
    const b = PlanBot.load({ corpusDir: dir });
    for (const q of [GENEVA, 'geneva CAP', 'NATO?']) expect(JSON.stringify(b.ask(q))).toBe(JSON.stringify(a.ask(q)));
  });

  it('refuses to start on a curation naming a passage that does not exist', () => {
    writeCuration(dir, { entries: [{ ...pin, ids: ['plan-article:99.1'] }] });
    expect(() => PlanBot.load({ corpusDir: dir })).toThrow(CorpusError);
  });
});

describe('reloading curation with the corpus', () => {
  it('picks up a new entry on reload, and keeps the old curation serving when the file turns bad', () => {
    const live = new LiveBot(load([]));
    writeCuration(dir, { entries: [alias] });
    expect(live.reload().ok).toBe(true);
    expect(live.ask(GENEVA).kind).toBe('answered');
    writeFileSync(join(dir, 'curation.json'), '{"entries": [{"kind": "alias"}]}');
    const outcome = live.reload();
    expect(outcome.ok).toBe(false);
    expect(!outcome.ok && outcome.reason).toMatch(/curation\.json: invalid curation/);
    expect(live.ask(GENEVA).kind).toBe('answered');
    writeCuration(dir, { entries: [{ ...pin, ids: ['plan-article:99.1'] }] });
    expect(live.reload()).toMatchObject({ ok: false, reason: expect.stringMatching(/no passage has the id plan-article:99\.1/) });
  });
});
