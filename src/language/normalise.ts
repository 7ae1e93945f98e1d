// The Snowball-derived Ukrainian and Russian stemmers of nlp.js; only their stemmer files are loaded
// (the packages' index pulls in sentiment lexicons we do not need, and cold start matters).
import StemmerRu from '@nlpjs/lang-ru/src/stemmer-ru.js';
import StemmerUk from '@nlpjs/lang-uk/src/stemmer-uk.js';
import { stemmer as englishStem } from 'stemmer';
import stopwordData from '../data/stopwords.json' with { type: 'json' };

const ukStemmer = new StemmerUk();
const ruStemmer = new StemmerRu();

/** Languages the normaliser stems; anything else is folded but not stemmed. */
export type Lang = 'en' | 'uk' | 'ru' | 'other';

/** One word of a text: its search term and where it stands in the original string. */
export interface Token {
  /** The normalised, stemmed search term. */
  term: string;
  /** The folded word before stemming (for display and lexicon phrase matching). */
  word: string;
  start: number;
  end: number;
  lang: Lang;
  /** A function word: not searched. */
  stop: boolean;
  /** Question framing ("say", "plan"): searched with little weight, never decides coverage. */
  weak: boolean;
}

const STOP = {
  en: new Set(stopwordData.en),
  uk: new Set(stopwordData.uk),
  ru: new Set(stopwordData.ru),
};
const WEAK = new Set(stopwordData.weak);

const WORD_RE =
  /(?:\p{L}\.){2,}(?!\p{L})|\p{N}+(?:[.,]\p{N}+)*|[\p{L}\p{N}][\p{L}\p{M}\p{N}]*(?:['’ʼ][\p{L}\p{M}]+)*(?:[-‐‑][\p{L}\p{N}][\p{L}\p{M}\p{N}]*(?:['’ʼ][\p{L}\p{M}]+)*)*/gu;
// The same words in text that is all ASCII, where \p{L} is [A-Za-z], \p{N} is [0-9] and \p{M} is
// nothing. V8 takes milliseconds to compile WORD_RE's Unicode classes in each new process, which a
// start-up snapshot cannot keep; most questions are ASCII and need not pay it.
const ASCII_WORD_RE = /(?:[A-Za-z]\.){2,}(?![A-Za-z])|[0-9]+(?:[.,][0-9]+)*|[A-Za-z0-9]+(?:'[A-Za-z]+)*(?:-[A-Za-z0-9]+(?:'[A-Za-z]+)*)*/g;
const CYRILLIC = /\p{Script=Cyrillic}/u;
const LATIN = /\p{Script=Latin}/u;

/**
 * Folds a word for matching: Unicode compatibility forms, case, Latin diacritics (so "Zelenskyy"
 * and "Zelenskyý" meet; Cyrillic letters such as й and ї keep their marks, which are letters there),
 * apostrophes and a possessive "'s".
 */
export function foldWord(word: string): string {
  // Most words are plain ASCII: no Unicode normalisation needed (it dominated tokenizing).
  if (/^[\x20-\x7e]*$/.test(word)) return word.toLowerCase().replace(/'s$/, '').replace(/'/g, '');
  let w = word.normalize('NFKC').toLowerCase();
  w = w.normalize('NFD').replace(/(\p{Script=Latin})\p{M}+/gu, '$1').normalize('NFC');
  w = w.replace(/['’ʼ]s$/u, '').replace(/['’ʼ]/gu, '');
  return w.replace(/ё/g, 'е');
}

/** Guesses whether Cyrillic text is Ukrainian or Russian from letters and function words only those languages have. */
export function detectCyrillic(text: string): 'uk' | 'ru' {
  const lower = text.toLowerCase();
  let uk = (lower.match(/[іїєґ]/g) ?? []).length * 2;
  let ru = (lower.match(/[ыэъ]/g) ?? []).length * 2;
  for (const w of lower.match(/\p{L}+/gu) ?? []) {
    if (STOP.uk.has(w) && !STOP.ru.has(w)) uk++;
    if (STOP.ru.has(w) && !STOP.uk.has(w)) ru++;
  }
  return uk > ru ? 'uk' : 'ru';
}

// Stemming dominates indexing time and text repeats its words, so stems are memoised (bounded).
const stemMemo = new Map<string, string>();

/** Stems a folded word in the given language. */
export function stemWord(word: string, lang: Lang): string {
  const key = `${lang}:${word}`;
  let stem = stemMemo.get(key);
  if (stem === undefined) {
    if (stemMemo.size >= 200_000) stemMemo.clear();
    stem = computeStem(word, lang);
    stemMemo.set(key, stem);
  }
  return stem;
}

// Terms that dotted initialisms produce (U.S., E.U., U.K., U.N., A.I., A.P.): Porter must not make
// them out of longer words ("use", "used" and "using" all stem to "us").
const INITIALISM_TERMS = new Set(['us', 'eu', 'uk', 'un', 'ai', 'ap']);

function computeStem(word: string, lang: Lang): string {
  switch (lang) {
    case 'en': {
      if (/^\p{N}/u.test(word)) return word;
      const stem = englishStem(word);
      return stem !== word && INITIALISM_TERMS.has(stem) ? word : stem;
    }
    case 'uk':
      // The stemmer leaves the oblique cases of nouns in -ія (Росії, Росією, армії) apart from
      // their nominative (Росія → рос): read them as the nominative first.
      return ukStemmer.stem(word.length >= 5 ? word.replace(/(?:ією|ії|ію)$/u, 'ія') : word);
    case 'ru':
      return ruStemmer.stem(word);
    default:
      return word;
  }
}

function langOf(word: string, cyrillic: () => 'uk' | 'ru'): Lang {
  if (CYRILLIC.test(word)) return cyrillic();
  if (LATIN.test(word) || /^\p{N}/u.test(word)) return 'en';
  return 'other';
}

/**
 * Splits text into tokens with offsets into the original string. Dotted initialisms become one
 * word ("U.S." → "us"), numbers lose their separators ("600,000" → "600000"), and a hyphenated
 * compound yields its parts and the joined form ("snap-back" → snap, back, snapback).
 *
 * @example
 * tokenize('NATO’s troops').map((t) => t.term) // => ['nato', 'troop']
 */
export function tokenize(text: string, cyrillicHint?: 'uk' | 'ru'): Token[] {
  let cyrillicLang: 'uk' | 'ru' | undefined = cyrillicHint;
  const cyrillic = (): 'uk' | 'ru' => (cyrillicLang ??= detectCyrillic(text));
  const tokens: Token[] = [];
  const push = (raw: string, start: number, opts: { initialism?: boolean; number?: boolean } = {}): void => {
    let word: string;
    if (opts.initialism) word = raw.replace(/\./g, '').toLowerCase();
    else if (opts.number) word = raw.replace(/,(?=\p{N}{3}(?!\p{N}))/gu, '');
    else word = foldWord(raw);
    if (!word) return;
    const lang = langOf(word, cyrillic);
    // A capitalised initialism ("US", "IT") is a name, not the function word it spells.
    const shouted = opts.initialism || (raw.length > 1 && raw === raw.toUpperCase() && /\p{Lu}/u.test(raw));
    const stop = !shouted && lang !== 'other' && lang !== 'en' ? STOP[lang].has(word) : !shouted && STOP.en.has(word);
    tokens.push({
      term: stemWord(word, lang),
      word,
      start,
      end: start + raw.length,
      lang,
      stop,
      weak: !stop && WEAK.has(word),
    });
  };
  // eslint-disable-next-line no-control-regex
  for (const m of text.matchAll(/^[\x00-\x7f]*$/.test(text) ? ASCII_WORD_RE : WORD_RE)) {
    const raw = m[0];
    const start = m.index;
    if (/^(?:\p{L}\.){2,}$/u.test(raw)) push(raw, start, { initialism: true });
    else if (/^\p{N}/u.test(raw) && /^[\p{N}.,]+$/u.test(raw)) push(raw, start, { number: true });
    else if (/[-‐‑]/.test(raw)) {
      const parts = [...raw.matchAll(/[^-‐‑]+/g)];
      for (const part of parts) push(part[0], start + part.index);
      const joined = foldWord(raw.replace(/[-‐‑]/g, ''));
      const lang = langOf(joined, cyrillic);
      tokens.push({ term: stemWord(joined, lang), word: joined, start, end: start + raw.length, lang, stop: false, weak: false });
    } else push(raw, start);
  }
  return tokens;
}

/** The search terms of a text, in order, without function words. */
export function terms(text: string): string[] {
  return tokenize(text)
    .filter((t) => !t.stop)
    .map((t) => t.term);
}

const SCALE: Record<string, string> = { k: 'thousand', thousand: 'thousand', m: 'million', mn: 'million', mln: 'million', mil: 'million', million: 'million', b: 'billion', bn: 'billion', billion: 'billion', tn: 'trillion', trillion: 'trillion' };
const AMOUNT = /(?<![\p{L}\p{N}.,])(\p{N}{1,3}(?:[ \u00A0\u202F]\p{N}{3})+(?![\p{N}])|\p{N}+(?:[.,]\p{N}+)*)(?:\s?(k|thousand|mn|mln|mil|million|m|bn|billion|b|tn|trillion)(?![\p{L}\p{N}]))?/giu;

/**
 * Writes amounts the way documents do, so that a question's "600k" meets a passage's "600,000":
 * thousands spelled out or abbreviated become digits (600k, 600 thousand, 600 000 → 600000);
 * millions and billions become a number and the word (100bn, 100b → 100 billion); "half" → 50%.
 *
 * @example normaliseAmounts('is the army capped at 600k? and $100bn') // 'is the army capped at 600000? and $100 billion'
 */
export function normaliseAmounts(text: string): string {
  if (!/\p{N}|half/iu.test(text)) return text;
  return text
    .replace(AMOUNT, (whole, num: string, unit: string | undefined) => {
      const digits = num.replace(/[ \u00A0\u202F]/g, '');
      const scale = unit ? SCALE[unit.toLowerCase()] : undefined;
      if (!scale) return digits === num ? whole : digits;
      if (scale !== 'thousand') return `${digits} ${scale}`;
      const value = Number(digits.replace(/,/g, '')) * 1000;
      return Number.isFinite(value) ? String(Math.round(value)) : whole;
    })
    .replace(/(?<![\p{L}])half(?![\p{L}])/giu, '50%');
}
