import { describe, expect, it } from 'vitest';
import { PlanBot } from '../../src/dialogue/bot.js';
import { readSynonyms, synonymsOf, synonymTable } from '../../src/language/synonyms.js';
import type { Answer } from '../../src/types.js';

const bot = PlanBot.load();
const without = new PlanBot([...bot.index.documents.values()], { ranking: { synonymWeight: 0 } });
const ids = (a: Answer): string[] => (a.kind === 'answered' ? a.citations.map((c) => c.id) : []);

describe('WordNet synonyms', () => {
  it('ships a distilled table from frequent English words to corpus stems', () => {
    expect(synonymTable().size).toBeGreaterThan(500);
    expect(synonymsOf('rebuild')).toContain('reconstruct');
    expect(synonymsOf('retreat')).toContain('withdraw');
    expect(synonymsOf('nosuchwordxyz')).toEqual([]);
  });

  it('rejects a file that is not a synonym table', () => {
    expect(() => readSynonyms('{"words": 3}')).toThrow(/synonym/);
  });

  it('answers an idiom the documents word otherwise ("strings attached" → conditioned), and declines it when off', () => {
    const q = 'are there any strings attached to the security guarantees?';
    expect(ids(bot.ask(q))[0]).toBe('plan-article:6.1');
    expect(without.ask(q).kind).toBe('not-covered');
  });

  it('never turns everyday chat into a plan word ("weather" is a "condition" only in a dictionary)', () => {
    expect(synonymsOf('weather')).toContain('condit');
    expect(bot.ask("What's the weather going to be in Kyiv tomorrow?").kind).not.toBe('answered');
  });
});
