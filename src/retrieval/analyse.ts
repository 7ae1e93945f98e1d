/**
 * Question analysis: a question's words, typos corrected, grouped into ideas, each expanded through
 * the domain lexicon (spellings, translations, near-synonyms) and, for a word the documents lack,
 * through general word similarity (word vectors).
 */
import type { RankingOptions } from './options.js';
import { lexiconKeys, type Lexicon } from '../language/lexicon.js';
import { tokenize, type Token } from '../language/normalise.js';
import type { PassageIndex } from './search-index.js';
import { nearTable, type NearTable } from '../language/similar.js';
import { synonymsOf } from '../language/synonyms.js';
import { translationsOf } from '../language/translations.js';
import { chatList } from '../language/message.js';
import { commonEnglishRank, type SpellChecker } from '../language/spell.js';

/** Everyday things people chat about (weather, sport): a subject, never framing, never a synonym of a plan word. */
export const OFFTOPIC: ReadonlySet<string> = new Set(chatList('offtopic'));

/** One idea of the question: its own words, plus the terms that also count as matching it. */
export interface QueryGroup {
  /** Stems of the question's own words (several for a phrase such as "fighter jets"). */
  phrase: string[];
  /** The question's own words, folded but not stemmed. */
  words: string[];
  /** Other terms that match the idea (spellings, translations, synonyms, a compound's joined form) → weight. */
  alternatives: Map<string, number>;
  weak: boolean;
  /** Whether its only alternatives come from word similarity (the documents lack its word). */
  similar?: boolean;
  /** Lexicon concepts the group's words hit. */
  concepts: number[];
  /** Where the group's words stand in the question. */
  start: number;
  end: number;
  /** The language its words were stemmed in. */
  lang?: Token['lang'];
}

export type AnswerType = 'quantity' | 'time' | 'person' | 'place' | 'speech';

// Question words that say what kind of thing the answer is: general English, Ukrainian and Russian.
export const ANSWER_TYPES: [AnswerType, RegExp][] = [
  ['quantity', /\b(how (many|much|large|big|long|high|low)|what (share|percentage|proportion|number|amount|size|portion|cut)|what percent)\b|(?:^|[^\p{L}])(скільки|сколько)(?=[^\p{L}]|$)/iu],
  ['time', /\b(when|what date|how soon|by when|what time|how long until)\b|(?:^|[^\p{L}])(коли|когда)(?=[^\p{L}]|$)/iu],
  ['person', /\b(who|whom|whose|which (official|person|envoy|leader))\b|(?:^|[^\p{L}])(хто|кто|кого|кому)(?=[^\p{L}]|$)/iu],
  ['place', /\b(where|which (country|city|region|place))\b|(?:^|[^\p{L}])(де|где|куди|куда)(?=[^\p{L}]|$)/iu],
  // A question about how someone received the plan ("how did the Kremlin respond", "the official
  // quoted") is answered by a passage that reports speech.
  ['speech', /\b(respond(ed|s)?|response|react(ed|s|ion)?|characteri[sz](e|ed)|describ(e|ed)|quoted?|comment(ed)?|reception)\b/iu],
];

const MONTHS = /\b(jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sept?(ember)?|oct(ober)?|nov(ember)?|dec(ember)?)\b/i;

export function hasAnswerType(text: string, type: AnswerType): boolean {
  switch (type) {
    case 'quantity':
      return /\d/.test(text) || /\b(half|twice|double|dozens?|hundreds?|thousands?|millions?|billions?)\b/i.test(text);
    case 'time':
      return /\d/.test(text) || MONTHS.test(text) || /\b(days?|weeks?|months?|years?|once|within|after|before|until|immediately|when)\b/i.test(text);
    case 'person':
      // Two capitalised words in a row past the first word: a name such as "Steve Witkoff".
      return /\s\p{Lu}\p{Ll}+\s+\p{Lu}\p{Ll}+/u.test(text);
    case 'place':
      return /\b(in|into|at|to|from|near)\s+\p{Lu}\p{Ll}+/u.test(text);
    case 'speech':
      return /\b(said|says|told|confirmed|added|stated|announced|called|objected|rejected|welcomed|supports|criticized|criticised)\b|[“"]/u.test(text);
  }
}

/** A question word the corpus and lexicon do not know, re-read as the known word it is a typo of. */
function correctTypo(t: Token, question: string, index: PassageIndex, lexicon: Lexicon, speller?: SpellChecker): Token {
  if (!speller || t.stop || t.lang !== 'en' || index.df.has(t.term) || lexicon.byFirstStem.has(t.term)) return t;
  // An acronym is a name, not a typo ("IAEA" is not "area").
  const raw = question.slice(t.start, t.end);
  if (raw.length > 1 && raw === raw.toUpperCase()) return t;
  const fixed = speller.correct(t.word);
  if (!fixed) return t;
  const [as] = tokenize(fixed);
  return as ? { ...t, term: as.term, word: as.word, stop: as.stop, weak: as.weak } : t;
}

/** Splits a question into query groups, matching lexicon phrases and expanding them. */
export function analyse(question: string, index: PassageIndex, lexicon: Lexicon, opt: RankingOptions, speller?: SpellChecker): QueryGroup[] {
  const tokens = tokenize(question)
    .map((t) => correctTypo(t, question, index, lexicon, speller))
    .filter((t) => !t.stop);
  // A hyphenated compound ("snap-back") yields its parts and its joined form: one group, the
  // parts as its phrase and the joined form as an alternative of full weight.
  const isCompound = (t: Token): boolean => tokens.some((u) => u !== t && u.start >= t.start && u.end <= t.end);
  const words = tokens.filter((t) => !isCompound(t));
  const compounds = tokens.filter(isCompound);
  const groups: QueryGroup[] = [];
  const groupOf: QueryGroup[] = [];
  for (const w of words) {
    const host = compounds.find((c) => w.start >= c.start && w.end <= c.end);
    const existing = host && groups.find((g) => g.start === host.start && g.end === host.end);
    if (existing) {
      existing.phrase.push(w.term);
      existing.words.push(w.word);
      existing.weak &&= w.weak;
      groupOf.push(existing);
      continue;
    }
    const g: QueryGroup = {
      phrase: [w.term],
      words: [w.word],
      alternatives: new Map(host ? [[host.term, opt.originalWeight]] : []),
      weak: w.weak,
      concepts: [],
      start: host?.start ?? w.start,
      end: host?.end ?? w.end,
      lang: w.lang,
    };
    groups.push(g);
    groupOf.push(g);
  }
  // Lexicon terms: at each word, the longest term (over consecutive words) that starts there.
  for (let i = 0; i < words.length; i++) {
    const candidates = lexiconKeys(lexicon, words[i]!.term).flatMap((k) => lexicon.byFirstStem.get(k) ?? []);
    const compound = compounds.find((c) => c.start === words[i]!.start);
    if (compound) candidates.push(...(lexicon.byFirstStem.get(compound.term) ?? []));
    const fits = candidates.filter((e) => (compound && e.stems.length === 1 && e.stems[0] === compound.term) || e.stems.every((st, k) => k === 0 || words[i + k]?.term === st));
    if (fits.length === 0) continue;
    const longest = Math.max(...fits.map((e) => (compound && e.stems[0] === compound.term ? 1 : e.stems.length)));
    const span = fits.filter((e) => (compound && e.stems[0] === compound.term ? 1 : e.stems.length) === longest);
    const target = groupOf[i]!;
    for (let k = 1; k < longest; k++) {
      const other = groupOf[i + k]!;
      if (other === target) continue;
      target.phrase.push(...other.phrase);
      target.words.push(...other.words);
      for (const [t, w] of other.alternatives) target.alternatives.set(t, Math.max(target.alternatives.get(t) ?? 0, w));
      target.end = Math.max(target.end, other.end);
      target.weak &&= other.weak;
      for (const c of other.concepts) if (!target.concepts.includes(c)) target.concepts.push(c);
      groups.splice(groups.indexOf(other), 1);
      for (let j = 0; j < groupOf.length; j++) if (groupOf[j] === other) groupOf[j] = target;
    }
    // A word that is a spelling of a concept expands fully; one that is only a near-synonym, weakly.
    const kinds = new Map<number, 'same' | 'related'>();
    for (const e of span) if (kinds.get(e.concept) !== 'same') kinds.set(e.concept, e.kind);
    for (const [concept, kind] of [...kinds].sort((a, b) => a[0] - b[0])) {
      if (!target.concepts.includes(concept)) target.concepts.push(concept);
      const base = kind === 'same' ? 1 : opt.relatedWeight;
      for (const exp of lexicon.expansions[concept]!) {
        const w = base * (exp.kind === 'same' ? opt.sameWeight : opt.relatedWeight) * (exp.stems.length > 1 ? opt.phraseFactor : 1);
        // A synonym of a near-synonym says too little to be worth a pass over its passages.
        if (w < opt.minAlternativeWeight) continue;
        for (const st of exp.stems) {
          // A word of the question's own phrase is an alternative too when, alone, it names the
          // concept ("Donetsk" of "the Donetsk region"): a passage naming it matches the whole idea,
          // not half of the phrase.
          if (!index.df.has(st) || (target.phrase.includes(st) && (exp.stems.length > 1 || target.phrase.length === 1))) continue;
          target.alternatives.set(st, Math.max(target.alternatives.get(st) ?? 0, w));
        }
      }
    }
    i += longest - 1;
  }
  mergeNames(groups, question);
  if (opt.synonymWeight > 0) for (const g of groups) addSynonyms(g, question, index, lexicon, opt);
  if (opt.translationWeight > 0) for (const g of groups) addTranslations(g, index, opt);
  if (opt.similarWeight > 0) for (const g of groups) addSimilar(g, question, index, opt);
  return groups;
}

/**
 * A person's or a body's name of several capitalised words ("Steve Witkoff") is one idea, not one
 * per word: a question about one named person's age is not two ideas found together.
 */
function mergeNames(groups: QueryGroup[], question: string): void {
  const isName = (g: QueryGroup): boolean => g.start > 0 && g.concepts.length === 0 && !g.weak && /^\p{Lu}\p{Ll}/u.test(question.slice(g.start, g.end));
  for (let i = groups.length - 1; i > 0; i--) {
    const a = groups[i - 1]!;
    const b = groups[i]!;
    if (!isName(a) || !isName(b) || !/^ $/.test(question.slice(a.end, b.start))) continue;
    a.phrase.push(...b.phrase);
    a.words.push(...b.words);
    for (const [t, w] of b.alternatives) a.alternatives.set(t, Math.max(a.alternatives.get(t) ?? 0, w));
    a.end = b.end;
    groups.splice(i, 1);
  }
}

/**
 * A one-word idea the documents and the lexicon lack gains the corpus words WordNet gives as its
 * synonyms or derivations ("rebuilding" → "reconstruction"): the same idea in other words, so it
 * counts as known, at a weight below the question's own words.
 */
function addSynonyms(g: QueryGroup, question: string, index: PassageIndex, lexicon: Lexicon, opt: RankingOptions): void {
  if (g.weak || g.phrase.length !== 1 || g.alternatives.size > 0 || g.concepts.length > 0 || index.df.has(g.phrase[0]!)) return;
  // A name is itself, whatever a dictionary says its word means.
  if (/\p{Lu}/u.test(question.slice(g.start + 1, g.end)) || (g.start > 0 && /^\p{Lu}/u.test(question.slice(g.start, g.end)))) return;
  // Everyday chat (weather, football) stays off-topic: "weather" is a "condition" only in a dictionary.
  if (OFFTOPIC.has(g.words[0]!)) return;
  for (const st of synonymsOf(g.phrase[0]!)) if (index.df.has(st) && !lexicon.names.has(st)) g.alternatives.set(st, opt.synonymWeight);
}

/**
 * A Russian word the documents and the lexicon lack gains the English words a general dictionary
 * translates it as (the documents are English): "перемирие" finds "truce". Weighed below the
 * question's own words, like a synonym.
 */
function addTranslations(g: QueryGroup, index: PassageIndex, opt: RankingOptions): void {
  if (g.weak || g.lang !== 'ru' || g.alternatives.size > 0 || g.concepts.length > 0) return;
  for (const stem of g.phrase) {
    if (index.df.has(stem)) continue;
    for (const en of translationsOf(stem, 'ru')) if (index.df.has(en) && !g.alternatives.has(en)) g.alternatives.set(en, opt.translationWeight);
  }
}

/** A corpus's content words (no function or framing words) packed with their vectors, and a memo of lookups. */
interface Neighbours {
  near: NearTable;
  memo: Map<string, { term: string; cosine: number }[]>;
}
const neighbours = new WeakMap<PassageIndex, Neighbours>();
function neighboursOf(index: PassageIndex): Neighbours {
  let n = neighbours.get(index);
  if (!n) {
    const words: string[] = [];
    const terms: string[] = [];
    for (const w of [...index.words].sort()) {
      if (!/^[a-z]{3,}$/.test(w)) continue;
      const [t] = tokenize(w);
      if (t && !t.stop && !t.weak) {
        words.push(w);
        terms.push(t.term);
      }
    }
    n = { near: nearTable(words, terms), memo: new Map() };
    neighbours.set(index, n);
  }
  return n;
}

/**
 * A one-word idea the documents and the lexicon lack gains the corpus words nearest to it in
 * meaning (word vectors), weighted by their cosine: "rebuilding" finds "reconstruction".
 */
function addSimilar(g: QueryGroup, question: string, index: PassageIndex, opt: RankingOptions): void {
  if (g.weak || g.phrase.length !== 1 || g.alternatives.size > 0 || g.concepts.length > 0 || index.df.has(g.phrase[0]!)) return;
  // A name is itself (China is not Russia), and an everyday word ("old", "live") is near too much.
  if (/\p{Lu}/u.test(question.slice(g.start + 1, g.end)) || (g.start > 0 && /^\p{Lu}/u.test(question.slice(g.start, g.end)))) return;
  if ((commonEnglishRank().get(g.words[0]!) ?? Infinity) < opt.commonWordRank * 2) return;
  // A misspelling that still finds its word is not a different word.
  const term = g.phrase[0]!;
  if (term.length >= 5 && /^\p{L}+$/u.test(term) && index.postings(term, true).docs.length > 0) return;
  const { near, memo } = neighboursOf(index);
  const key = `${opt.similarFloor}:${g.words[0]!}`;
  let found = memo.get(key);
  if (!found) {
    found = near.nearest(g.words[0]!, opt.similarFloor, 3);
    // Bounded: a flood of made-up words must not grow memory without end.
    if (memo.size >= 10_000) memo.clear();
    memo.set(key, found);
  }
  for (const n of found) {
    const term = n.term;
    const w = opt.similarWeight * n.cosine;
    if (w > (g.alternatives.get(term) ?? 0)) g.alternatives.set(term, w);
    g.similar = true;
  }
}

