import { z } from 'zod';
import lexiconData from '../data/lexicon.json' with { type: 'json' };
import { tokenize } from './normalise.js';

const conceptSchema = z.strictObject({
  label: z.string().min(1),
  topic: z.boolean().default(false),
  same: z.array(z.string().min(1)).min(1),
  related: z.array(z.string().min(1)).default([]),
  uk: z.array(z.string().min(1)).default([]),
  ru: z.array(z.string().min(1)).default([]),
  includes: z.array(z.string().min(1)).default([]),
});
const lexiconSchema = z.object({ concepts: z.array(conceptSchema).min(1) });

/** A concept of the domain lexicon: spellings and translations of one idea, and its near-synonyms. */
export type Concept = z.infer<typeof conceptSchema>;

/** How a lexicon term relates to its concept. */
export type TermKind = 'same' | 'related';

/** One lexicon term compiled to the stems a question or passage would produce for it. */
export interface LexiconTerm {
  concept: number;
  kind: TermKind;
  stems: string[];
}

/**
 * The compiled lexicon: concepts plus an index from a term's first stem to every lexicon term
 * starting with it, so that multi-word terms ("armed forces") are matched as phrases.
 */
export interface Lexicon {
  concepts: Concept[];
  byFirstStem: Map<string, LexiconTerm[]>;
  /** Per concept, the distinct English stem sequences to search for (same and related). */
  expansions: { stems: string[]; kind: TermKind }[][];
  /** First stems written in Cyrillic, sorted: Slavic stemmers leave inflections apart, so these are also matched by prefix. */
  cyrillicStems: string[];
  /**
   * Stems of the one-word names the lexicon knows (Trump, Washington, Kremlin): a dictionary's
   * synonym that is one of them is a collision ("best" → "trump"), never the name.
   */
  names: Set<string>;
}

/** Shortest shared stem prefix that counts as the same Ukrainian or Russian word. */
const MIN_CYRILLIC_PREFIX = 4;

/**
 * Lexicon keys for a question word's stem: the stem itself when the lexicon has it; for a Cyrillic
 * word it does not have, the lexicon stems that it starts with or that start with it (at least four
 * letters shared), because the Snowball stemmers stop short on some inflections (військових → військов,
 * військові → військ).
 */
export function lexiconKeys(lexicon: Lexicon, stem: string): string[] {
  if (lexicon.byFirstStem.has(stem) || !/^\p{Script=Cyrillic}/u.test(stem) || stem.length < MIN_CYRILLIC_PREFIX) return [stem];
  return lexicon.cyrillicStems.filter((k) => k.length >= MIN_CYRILLIC_PREFIX && (stem.startsWith(k) || k.startsWith(stem)));
}

function stemsOf(term: string, hint?: 'uk' | 'ru'): string[] {
  const tokens = tokenize(term, hint).filter((t) => !t.stop);
  // A hyphenated term yields its parts and its joined form; the joined form alone is the phrase.
  const compound = tokens.find((t) => tokens.some((u) => u !== t && u.start >= t.start && u.end <= t.end));
  return compound ? [compound.term] : tokens.map((t) => t.term);
}

/**
 * Compiles lexicon data (by default the bundled `data/lexicon.json`) into stem form.
 *
 * @example
 * const lex = compileLexicon();
 * lex.byFirstStem.get('nato') // => [{ concept: 0, kind: 'same', stems: ['nato'] }, …]
 */
export function compileLexicon(data: unknown = lexiconData): Lexicon {
  const { concepts } = lexiconSchema.parse(data);
  const byFirstStem = new Map<string, LexiconTerm[]>();
  const expansions: Lexicon['expansions'] = [];
  const names = new Set<string>();
  concepts.forEach((concept, index) => {
    for (const t of concept.same) if (/^\p{Lu}[\p{Ll}.'-]+$/u.test(t)) for (const st of stemsOf(t)) names.add(st);
    const seen = new Set<string>();
    const english: { stems: string[]; kind: TermKind }[] = [];
    const add = (term: string, kind: TermKind, hint?: 'uk' | 'ru', triggers = true): void => {
      const stems = stemsOf(term, hint);
      if (stems.length === 0) return;
      const key = `${kind}|${stems.join(' ')}`;
      if (seen.has(key)) return;
      seen.add(key);
      if (!triggers) {
        english.push({ stems, kind });
        return;
      }
      const list = byFirstStem.get(stems[0]!) ?? [];
      list.push({ concept: index, kind, stems });
      byFirstStem.set(stems[0]!, list);
      if (!hint) english.push({ stems, kind });
    };
    concept.same.forEach((t) => add(t, 'same'));
    concept.related.forEach((t) => add(t, 'related'));
    concept.uk.forEach((t) => add(t, 'same', 'uk'));
    concept.ru.forEach((t) => add(t, 'same', 'ru'));
    concept.includes.forEach((t) => add(t, 'same', undefined, false));
    expansions.push(english);
  });
  for (const list of byFirstStem.values()) list.sort((a, b) => b.stems.length - a.stems.length || a.concept - b.concept);
  const cyrillicStems = [...byFirstStem.keys()].filter((k) => /^\p{Script=Cyrillic}/u.test(k)).sort();
  return { concepts, byFirstStem, expansions, cyrillicStems, names };
}
