/**
 * Every user-visible sentence the core writes, in the asker's language. The strings are data,
 * one file per language (`src/data/strings/<lang>.json`); a test checks that every key exists in
 * every language, so a missing translation fails the build instead of showing a key to a user.
 */
import en from '../data/strings/en.json' with { type: 'json' };
import ru from '../data/strings/ru.json' with { type: 'json' };
import uk from '../data/strings/uk.json' with { type: 'json' };
import type { Lang } from '../language/lang.js';

/** A key of the string tables (English is the reference). */
export type StringKey = keyof typeof en;

/** The string tables, by language. */
export const STRINGS: Record<Lang, Record<string, string>> = { en, uk, ru };

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

/** Keys that come in plural forms: `<base>.one`, `.few`, `.many`, `.other` (Unicode CLDR categories). */
export type PluralKey = StringKey extends infer K ? (K extends `${infer B}.other` ? B : never) : never;

// Made on first use, not at import: the CLI's V8 start-up snapshot cannot hold Intl objects (they
// wrap ICU's native ones), so src/cli/snapshot.ts forgets them before the heap is saved.
const plurals = new Map<Lang, Intl.PluralRules>();

/** Forgets the plural rules made so far (a start-up snapshot cannot hold them); they are made again on use. */
export function forgetPluralRules(): void {
  plurals.clear();
}

/**
 * The form of `base` that agrees with `count` in `lang` (one/few/many/other, as CLDR defines them:
 * Ukrainian and Russian have three forms for whole numbers), filled like {@link say}. `{count}` is
 * `count` unless `vars` names it (e.g. spelled out).
 *
 * @example sayCount('uk', 'invalid.seconds', 5) // '5 секунд'
 */
export function sayCount(lang: Lang, base: PluralKey, count: number, vars: Record<string, string | number> = {}): string {
  let rules = plurals.get(lang);
  if (!rules) plurals.set(lang, (rules = new Intl.PluralRules(lang)));
  const category = rules.select(count);
  const key = `${base}.${category}` as StringKey;
  return say(lang, key in STRINGS.en ? key : (`${base}.other` as StringKey), { count, ...vars });
}
