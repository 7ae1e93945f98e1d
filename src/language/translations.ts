/**
 * Russian → English word translations from a general dictionary (distilled by
 * `scripts/distil-freedict.ts` into `data/translations-ru.json`): for a Russian stem, the stems of
 * the commonest English words it translates. The documents are English, so a Russian question word
 * that the documents' own Russian text lacks can still find the English word they use. Loaded on
 * first use, so start-up does not pay for a table most questions never need.
 */
import { existsSync, readFileSync } from 'node:fs';

let table: Map<string, string[]> | undefined;

/** Parses a distilled translation file. */
export function readTranslations(text: string): Map<string, string[]> {
  const data = JSON.parse(text) as { translations?: Record<string, string[]> };
  if (!data.translations || typeof data.translations !== 'object') throw new Error('not a translation file');
  return new Map(Object.entries(data.translations));
}

/** The bundled Russian table (empty when the file is missing: translations are then simply not used). */
export function translationTable(): Map<string, string[]> {
  if (table === undefined) {
    table = new Map();
    // From the bundled dist/cli.mjs the file is in ../src/data/; from src/language/ (tests, tsx) in ../data/.
    for (const rel of ['../src/data/translations-ru.json', '../data/translations-ru.json']) {
      const url = new URL(rel, import.meta.url);
      if (!existsSync(url)) continue;
      table = readTranslations(readFileSync(url, 'utf8'));
      break;
    }
  }
  return table;
}

/**
 * The English stems a Russian stem translates, commonest sense first. None for Ukrainian (there is
 * no Ukrainian table: its stems differ from Russian ones, so borrowing the Russian table would
 * mistranslate) or for a stem the dictionary lacks.
 */
export function translationsOf(term: string, lang: 'uk' | 'ru'): readonly string[] {
  if (lang !== 'ru') return [];
  return translationTable().get(term) ?? [];
}
