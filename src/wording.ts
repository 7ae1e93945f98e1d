/**
 * Every user-visible sentence the core writes, in the asker's language. The strings are data,
 * one file per language (`src/data/strings/<lang>.json`); a test checks that every key exists in
 * every language, so a missing translation fails the build instead of showing a key to a user.
 */
import en from './data/strings/en.json' with { type: 'json' };
import ru from './data/strings/ru.json' with { type: 'json' };
import uk from './data/strings/uk.json' with { type: 'json' };

/** Languages the bot answers in. Quotes always stay in their document's language. */
export type Lang = 'en' | 'uk' | 'ru';

/** A key of the string tables (English is the reference). */
export type StringKey = keyof typeof en;

/** The string tables, by language. */
export const STRINGS: Record<Lang, Record<string, string>> = { en, uk, ru };

// Letters only Ukrainian uses among Cyrillic alphabets; Russian-only letters.
const UKRAINIAN = /[іїєґІЇЄҐ]/u;
const RUSSIAN = /[ыэъёЫЭЪЁ]/u;
const CYRILLIC = /\p{Script=Cyrillic}/u;

/**
 * The language to answer a message in: Ukrainian or Russian when it is written in Cyrillic
 * (told apart by the letters only one of them uses; Ukrainian when neither shows), else English.
 *
 * @example detectLanguage('Що буде з Кримом?') // 'uk'
 */
export function detectLanguage(text: string): Lang {
  if (!CYRILLIC.test(text)) return 'en';
  if (UKRAINIAN.test(text)) return 'uk';
  if (RUSSIAN.test(text)) return 'ru';
  return 'uk';
}

/**
 * One sentence in `lang`, with `{name}` placeholders filled from `vars`. Falls back to English
 * for a key a language lacks (the key-parity test keeps that from shipping).
 *
 * @example say('en', 'help.lead')
 */
export function say(lang: Lang, key: StringKey, vars: Record<string, string | number> = {}): string {
  const template = STRINGS[lang][key] ?? STRINGS.en[key]!;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}
