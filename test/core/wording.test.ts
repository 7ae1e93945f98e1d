import { describe, expect, it } from 'vitest';
import { detectLanguage, say, STRINGS } from '../../src/wording.js';

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
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(say('en', 'help.lead')).toMatch(/^Ask a question/);
    expect(say('uk', 'help.lead')).toMatch(/^Поставте/);
  });
});
