import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectCyrillic, foldWord, terms, tokenize } from '../../src/language/normalise.js';

describe('normalisation', () => {
  it('folds case, Latin diacritics, curly apostrophes and possessives', () => {
    expect(foldWord('Zelenskýy')).toBe('zelenskyy');
    expect(foldWord('Ukraine’s')).toBe('ukraine');
    expect(foldWord('NATO')).toBe('nato');
    expect(foldWord('Київ')).toBe('київ'); // Cyrillic letters keep their marks
  });

  it('reads dotted abbreviations as one word, so U.S., US and EU match', () => {
    expect(terms('the U.S. and the E.U.')).toEqual(['us', 'eu']);
    expect(terms('US and EU')).toEqual(['us', 'eu']);
    // Lower-case "us" is a pronoun, not the country.
    expect(terms('tell us')).toEqual([]);
  });

  it('splits dashes and hyphens, keeping a compound joined too', () => {
    expect(terms('snap-back')).toEqual(['snap', 'back', 'snapback']);
    expect(terms('U.S.–Russia')).toEqual(['us', 'russia']);
  });

  it('splits ASCII text exactly as the Unicode word pattern does', () => {
    // A trailing " é" makes the text non-ASCII, so the Unicode pattern splits it; it adds one token.
    const ascii = fc.string({ unit: fc.constantFrom(...'aZq U.S.e-1,0.5\'\'--. x9Bn'.split('')), maxLength: 40 });
    fc.assert(
      fc.property(ascii, (text) => {
        expect(tokenize(text)).toEqual(tokenize(`${text} é`).slice(0, -1));
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps numbers whole', () => {
    expect(terms('600,000 personnel and 50%')).toEqual(['600000', 'personnel', '50']);
  });

  it('stems English, Ukrainian and Russian', () => {
    expect(terms('elections election')).toEqual(['elect', 'elect']);
    expect(terms('виборах вибори')).toEqual(['вибор', 'вибор']);
    expect(terms('Что будет с выборами?')).toContain('выбор');
  });

  it('tells Ukrainian from Russian by letters and function words', () => {
    expect(detectCyrillic('Що буде з Кримом?')).toBe('uk');
    expect(detectCyrillic('Что будет с Крымом?')).toBe('ru');
  });

  it('gives offsets into the original text', () => {
    const text = 'What about “NATO’s” troops?';
    for (const t of tokenize(text)) expect(text.slice(t.start, t.end).length).toBeGreaterThan(0);
    const nato = tokenize(text).find((t) => t.term === 'nato')!;
    expect(text.slice(nato.start, nato.end)).toBe('NATO’s');
  });
});
