import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyCuration, curationProblems, readCuration, writeCuration, type Curation } from '../../src/corpus/curation.js';
import { CorpusError } from '../../src/corpus/load.js';

const at = '2026-12-05T08:00:00.000Z';
const curation: Curation = {
  entries: [
    { kind: 'alias', phrase: 'cap', means: 'limits', by: 'ops', at },
    { kind: 'alias', phrase: 'Geneva cap', means: '600,000 personnel', by: 'ops', at, note: 'what people call it' },
    { kind: 'alias', phrase: 'ліміт армії', means: '600,000 personnel', by: 'ops', at },
    { kind: 'pin', phrase: 'army size', ids: ['plan-article:7.1'], by: 'ops', at },
  ],
};
const passages = [
  { id: 'plan-article:7.1', text: 'The plan limits Ukraine’s military to 600,000 personnel' },
  { id: 'plan-article:7.2', text: 'prohibits NATO troop deployments in Ukraine' },
];

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'curation-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('applyCuration', () => {
  it('rewrites an alias phrase into the document words, whole words only and whatever the case, longest phrase first', () => {
    expect(applyCuration('What about the GENEVA  cap?', curation)).toEqual({ text: 'What about the 600,000 personnel?', used: [{ kind: 'alias', phrase: 'Geneva cap' }], pinned: [] });
    expect(applyCuration('the capital?', curation).used).toEqual([]);
    expect(applyCuration('a cap on troops', curation).text).toBe('a limits on troops');
  });

  it('matches a phrase in the question’s own language (Cyrillic is word characters too)', () => {
    expect(applyCuration('Що про ЛІМІТ АРМІЇ?', curation).text).toBe('Що про 600,000 personnel?');
    expect(applyCuration('Що про ліміт арміїї?', curation).used).toEqual([]);
  });

  it('collects the pinned ids of every pin whose phrase the question holds', () => {
    expect(applyCuration('what is the army size?', curation)).toEqual({ text: 'what is the army size?', used: [{ kind: 'pin', phrase: 'army size' }], pinned: ['plan-article:7.1'] });
  });

  it('treats the document words as text, never as a replacement pattern', () => {
    const odd: Curation = { entries: [{ kind: 'alias', phrase: 'x', means: '$& $1', by: 'ops', at }] };
    expect(applyCuration('a x b', odd).text).toBe('a $& $1 b');
  });
});

describe('curationProblems', () => {
  it('is an error for an alias whose words no passage holds, and for a pin to a missing id', () => {
    expect(curationProblems(curation, passages)).toEqual([]);
    const bad: Curation = {
      entries: [
        { kind: 'alias', phrase: 'moon cap', means: 'moon base', by: 'ops', at },
        { kind: 'pin', phrase: 'army size', ids: ['plan-article:7.1', 'plan-article:99.1'], by: 'ops', at },
      ],
    };
    const problems = curationProblems(bad, passages, 'c.json');
    expect(problems.map((p) => p.level)).toEqual(['error', 'error']);
    expect(problems[0]!.message).toBe('c.json: entry 1 (alias "moon cap"): no passage contains the words "moon base"');
    expect(problems[1]!.message).toBe('c.json: entry 2 (pin "army size"): no passage has the id plan-article:99.1');
  });
});

describe('readCuration', () => {
  it('is empty without a file, and reads back what writeCuration wrote', () => {
    expect(readCuration(dir)).toEqual({ entries: [] });
    writeCuration(dir, curation);
    expect(readCuration(dir)).toEqual(curation);
    expect(JSON.parse(readFileSync(join(dir, 'curation.json'), 'utf8')).entries).toHaveLength(4);
  });

  it.each([
    ['broken JSON', '{"entries": [', /not readable JSON/],
    ['an entry of no known kind', JSON.stringify({ entries: [{ kind: 'ban', phrase: 'x', by: 'a', at }] }), /invalid curation: entries\.0/],
    ['a pin without ids', JSON.stringify({ entries: [{ kind: 'pin', phrase: 'x', ids: [], by: 'a', at }] }), /entries\.0\.ids/],
    ['a time that is not ISO', JSON.stringify({ entries: [{ kind: 'alias', phrase: 'x', means: 'y', by: 'a', at: 'yesterday' }] }), /entries\.0\.at/],
    ['an unknown field', JSON.stringify({ entries: [{ kind: 'alias', phrase: 'x', means: 'y', by: 'a', at, extra: 1 }] }), /invalid curation/],
  ])('refuses %s with a CorpusError naming the file', (_what, content, reason) => {
    writeFileSync(join(dir, 'curation.json'), content);
    expect(() => readCuration(dir)).toThrow(CorpusError);
    expect(() => readCuration(dir)).toThrow(reason);
  });
});
