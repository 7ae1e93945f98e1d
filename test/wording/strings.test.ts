import { describe, expect, it } from 'vitest';
import languageWords from '../../src/data/language-words.json' with { type: 'json' };
import { say, sayCount, STRINGS } from '../../src/wording/strings.js';
import { detectLanguage } from '../../src/language/lang.js';

describe('wording', () => {
  it('has every key in every language, none empty', () => {
    const keys = Object.keys(STRINGS.en).sort();
    expect(keys.length).toBeGreaterThan(0);
    for (const lang of ['uk', 'ru'] as const) {
      expect(Object.keys(STRINGS[lang]).sort(), lang).toEqual(keys);
    }
    for (const table of Object.values(STRINGS)) for (const v of Object.values(table)) expect(v.trim()).not.toBe('');
  });

  it('uses the same placeholders in every language', () => {
    const holes = (s: string): string[] => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();
    for (const key of Object.keys(STRINGS.en)) {
      for (const lang of ['uk', 'ru'] as const) expect(holes(STRINGS[lang][key]!), `${lang} ${key}`).toEqual(holes(STRINGS.en[key]!));
    }
  });

  it('tells English, Ukrainian and Russian apart', () => {
    expect(detectLanguage('what about NATO?')).toBe('en');
    expect(detectLanguage('Що буде з Кримом?')).toBe('uk');
    expect(detectLanguage('Что план говорит о выборах?')).toBe('ru');
    // No letter only one of them uses: their common words decide.
    expect(detectLanguage('Что план говорит о Сирии?')).toBe('ru');
    expect(detectLanguage('Кто написал план?')).toBe('ru');
    expect(detectLanguage('Хто написав план?')).toBe('uk');
  });

  it('keeps its language word lists as data that cannot silently empty or overlap', () => {
    expect(languageWords.uk.length).toBeGreaterThan(10);
    expect(languageWords.ru.length).toBeGreaterThan(10);
    expect(languageWords.uk.filter((w) => languageWords.ru.includes(w))).toEqual([]);
  });

  it('agrees a count with its noun in each language', () => {
    expect([1, 2, 5, 21].map((n) => sayCount('en', 'invalid.seconds', n))).toEqual(['1 second', '2 seconds', '5 seconds', '21 seconds']);
    expect([1, 2, 5, 21].map((n) => sayCount('uk', 'invalid.seconds', n))).toEqual(['1 секунду', '2 секунди', '5 секунд', '21 секунду']);
    expect([1, 2, 5, 21].map((n) => sayCount('ru', 'invalid.seconds', n))).toEqual(['1 секунду', '2 секунды', '5 секунд', '21 секунду']);
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(say('en', 'help.lead')).toMatch(/^Ask a question/);
    expect(say('uk', 'help.lead')).toMatch(/^Поставте/);
  });
});
