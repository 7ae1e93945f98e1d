import { describe, expect, it } from 'vitest';
import { tokenize } from '../../src/language/normalise.js';
import { readTranslations, translationsOf, translationTable } from '../../src/language/translations.js';

/** The index's stem of one word (as the bot would see it in a question or a document). */
const stem = (word: string, lang?: 'ru'): string => tokenize(word, lang)[0]!.term;

describe('Russian → English translations', () => {
  it('ships a distilled table that cannot silently empty', () => {
    expect(translationTable().size).toBeGreaterThan(1000);
  });

  it.each([
    ['санкции', 'sanctions'],
    ['выборы', 'election'],
    ['граница', 'border'],
    ['армия', 'army'],
    ['перемирие', 'truce'],
    ['суверенитет', 'sovereignty'],
    ['гарантии', 'guarantees'],
    ['договор', 'treaty'],
  ])('«%s» finds "%s"', (ru, en) => {
    expect(translationsOf(stem(ru, 'ru'), 'ru')).toContain(stem(en));
  });

  it('keeps at most six targets, and gives none for Ukrainian or an unknown stem', () => {
    for (const targets of translationTable().values()) expect(targets.length).toBeLessThanOrEqual(6);
    expect(translationsOf(stem('армия', 'ru'), 'uk')).toEqual([]); // a stem the Russian table has
    expect(translationsOf('несуществующееслово', 'ru')).toEqual([]);
  });

  it('rejects a file that is not a translation table', () => {
    expect(() => readTranslations('{"words": 3}')).toThrow(/translation/);
  });
});
