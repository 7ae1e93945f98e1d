import rules from '../data/segmentation.json' with { type: 'json' };
import { outline, type Outline } from './structure.js';
import type { CorpusDocument, Passage, PassageContext, Span } from '../types.js';

const ABBREVIATIONS = new Set(rules.abbreviations);
const INITIALISM_FOLLOWERS = new Set(rules.initialismFollowers);
const NOT_VERBS = new Set(rules.notVerbs);
const PREPOSITIONS = new Set(rules.prepositions);
const AUXILIARIES = new Set(rules.auxiliaries);

const CLOSERS = `"'”’»)]`;
const OPENERS = `"'“‘«([`;

/**
 * Splits a document body into paragraphs. A body with blank lines is split on them (so hard-wrapped
 * paragraphs stay whole); a body without any treats each line as a paragraph.
 */
export function splitParagraphs(text: string): Span[] {
  const separator = /\n[ \t]*\r?\n/.test(text) ? /(?:\r?\n[ \t]*){2,}/g : /\r?\n/g;
  const spans: Span[] = [];
  let start = 0;
  const push = (s: number, e: number): void => {
    const trimmed = trimSpan(text, s, e);
    if (trimmed) spans.push(trimmed);
  };
  for (const m of text.matchAll(separator)) {
    push(start, m.index);
    start = m.index + m[0].length;
  }
  push(start, text.length);
  return spans;
}

function trimSpan(text: string, start: number, end: number): Span | null {
  while (start < end && /\s/.test(text[start]!)) start++;
  while (end > start && /\s/.test(text[end - 1]!)) end--;
  return end > start ? { start, end } : null;
}

/** The word (non-space run, opening punctuation removed) that ends just before `end`. */
function wordBefore(text: string, end: number): string {
  let s = end;
  while (s > 0 && !/\s/.test(text[s - 1]!)) s--;
  let word = text.slice(s, end);
  while (word && OPENERS.includes(word[0]!)) word = word.slice(1);
  return word;
}

function wordAt(text: string, start: number): string {
  const m = /^[\p{L}\p{N}'’.-]+/u.exec(text.slice(start, start + 60));
  return m ? m[0] : '';
}

/**
 * Decides whether the period at `dot` ends a sentence, given the next word. Abbreviations
 * ("Nov.", "St.") and initials never end one; an initialism ("U.S.") ends one only when the next
 * capitalised word is not something that commonly follows it as a modifier ("U.S. President").
 */
function periodEndsSentence(text: string, dot: number, next: string): boolean {
  const word = wordBefore(text, dot + 1); // includes the final period
  const bare = word.slice(0, -1);
  if (/^\p{L}$/u.test(bare)) return false; // an initial: "J. Smith"
  if (ABBREVIATIONS.has(bare.toLowerCase())) return false;
  if (/^(\p{L}\.)+\p{L}$/u.test(bare)) {
    // An initialism such as U.S. or E.U.: a lower-case or known-modifier continuation keeps the sentence going.
    const nextWord = next.replace(/[.'’-].*$/, '').toLowerCase();
    return /^\p{Lu}/u.test(next) && !INITIALISM_FOLLOWERS.has(nextWord);
  }
  return true;
}

/** Splits a paragraph span into sentence spans (absolute offsets in `text`). */
export function splitSentences(text: string, para: Span): Span[] {
  const spans: Span[] = [];
  let start = para.start;
  const re = /[.!?…]+/g;
  re.lastIndex = para.start;
  for (let m = re.exec(text); m && m.index < para.end; m = re.exec(text)) {
    let end = m.index + m[0].length;
    while (end < para.end && CLOSERS.includes(text[end]!)) end++;
    if (end >= para.end) break;
    if (!/\s/.test(text[end]!)) continue;
    let next = end;
    while (next < para.end && /\s/.test(text[next]!)) next++;
    const after = text.slice(next, para.end);
    const nextStartsSentence = /^[\p{Lu}\p{N}"“‘«([]/u.test(after);
    if (!nextStartsSentence) continue;
    if (m[0] === '.' && !periodEndsSentence(text, m.index, wordAt(text, next).replace(/^["“‘«([]/, ''))) continue;
    const span = trimSpan(text, start, end);
    if (span) spans.push(span);
    start = next;
  }
  const last = trimSpan(text, start, para.end);
  if (last) spans.push(last);
  return spans;
}

interface Word {
  text: string;
  lower: string;
  start: number;
  end: number;
  /** Index of the top-level comma just before this word, or -1. */
  afterComma: number;
}

function words(text: string, span: Span): Word[] {
  const out: Word[] = [];
  let depth = 0;
  let lastComma = -1;
  const re = /[\p{L}\p{N}][\p{L}\p{N}'’.-]*|[,;()“”"]/gu;
  re.lastIndex = span.start;
  for (let m = re.exec(text); m && m.index < span.end; m = re.exec(text)) {
    const t = m[0];
    if (t === '(' || t === '“') depth++;
    else if ((t === ')' || t === '”') && depth > 0) depth--;
    else if ((t === ',' || t === ';') && depth === 0) lastComma = m.index;
    else if (/[\p{L}\p{N}]/u.test(t)) {
      out.push({ text: t, lower: t.toLowerCase(), start: m.index, end: m.index + t.length, afterComma: lastComma });
      lastComma = -1;
    }
  }
  return out;
}

function isVerbLike(w: Word | undefined, next: Word | undefined): boolean {
  if (!w || !/^\p{Ll}/u.test(w.text) || w.lower.length < 4 || !w.lower.endsWith('s') || NOT_VERBS.has(w.lower)) return false;
  if (w.lower.endsWith('ss') || w.lower.endsWith('us') || w.lower.endsWith('is')) return false;
  return !next || !PREPOSITIONS.has(next.lower);
}

/**
 * Splits a sentence into clauses where a list reads naturally as separate provisions:
 * a series of predicates sharing one subject ("limits X, prohibits Y, and stations Z") and
 * independent clauses joined by ", and" / ", but" / ";" ("Europe would add X, and the remaining
 * assets would be placed Y"). Anything else stays one passage.
 */
export function splitClauses(text: string, sentence: Span): Span[] {
  const ws = words(text, sentence);
  const cuts: { commaAt: number; clauseStart: number }[] = [];
  let sawVerb = false;
  let segmentStart = 0;
  for (let i = 0; i < ws.length; i++) {
    const w = ws[i]!;
    const comma = w.afterComma;
    if (comma >= 0 && i > 0) {
      const conj = w.lower === 'and' || w.lower === 'but' || w.lower === 'or';
      const head = conj ? ws[i + 1] : w;
      const headIndex = conj ? i + 1 : i;
      const predicate: boolean = sawVerb && isVerbLike(head, ws[headIndex + 1]);
      let independent = false;
      if (conj || text[comma] === ';') {
        const segment: Word[] = [];
        for (let j = headIndex; j < ws.length && (j === headIndex || ws[j]!.afterComma < 0); j++) segment.push(ws[j]!);
        const before = ws.slice(segmentStart, i);
        independent = segment.some((x) => AUXILIARIES.has(x.lower)) && before.some((x) => AUXILIARIES.has(x.lower));
      }
      if ((predicate || independent) && head && headIndex < ws.length) {
        cuts.push({ commaAt: comma, clauseStart: head.start });
        segmentStart = headIndex;
        sawVerb = predicate || sawVerb;
        i = headIndex;
        continue;
      }
    }
    if (isVerbLike(w, ws[i + 1]) || AUXILIARIES.has(w.lower)) sawVerb = true;
  }
  if (cuts.length === 0) return [sentence];
  const spans: Span[] = [];
  let start = sentence.start;
  for (const cut of cuts) {
    spans.push({ start, end: cut.commaAt });
    start = cut.clauseStart;
  }
  spans.push({ start, end: sentence.end });
  return spans.map((s) => trimSpan(text, s.start, s.end)).filter((s): s is Span => s !== null);
}

/** A list number or bullet on its own ("7.", "(a)", "•"): never a passage. */
const isBareMarker = (text: string): boolean => !/[\p{L}\p{N}]/u.test(text.replace(/^\(?(?:\d{1,3}|[a-z]|[ivx]+)[.):]\)?$/u, ''));

/** The clauses of a span's sentences, each clause of a longer sentence with that sentence. */
function clausesOf(text: string, span: Span): (Span & { sentence?: Span })[] {
  return splitSentences(text, span).flatMap((sentence) =>
    splitClauses(text, sentence).map((c) => (c.start !== sentence.start || c.end !== sentence.end ? { ...c, sentence } : c)),
  );
}

/**
 * Cuts a document into clause-level passages with citation ids `<doc>:<paragraph>.<passage>`.
 * Ids depend only on the document's own text, so adding other documents never changes them.
 * A numbered document (see `structure.ts`) is cut by its own numbering: `doc:10.2` is the second
 * passage of point 10, a sub-item carries its point, lead-in and heading as context, and neither a
 * marker nor a heading is ever a passage.
 *
 * @example
 * segmentDocument(doc)[0].id // => 'plan-article:1.1'
 */
export function segmentDocument(doc: CorpusDocument, orderOffset = 0, shape: Outline | null = outline(doc.text)): Passage[] {
  const passages: Passage[] = [];
  const push = (paragraph: number, n: number, clause: Span & { sentence?: Span }, context?: PassageContext): void => {
    passages.push({
      id: `${doc.id}:${paragraph}.${n}`,
      documentId: doc.id,
      paragraph,
      passage: n,
      text: doc.text.slice(clause.start, clause.end),
      start: clause.start,
      end: clause.end,
      order: orderOffset + passages.length,
      ...(context ? { context } : {}),
      ...(clause.sentence ? { sentence: clause.sentence } : {}),
    });
  };
  if (!shape) {
    splitParagraphs(doc.text).forEach((para, p) => {
      let n = 0;
      for (const clause of clausesOf(doc.text, para)) if (!isBareMarker(doc.text.slice(clause.start, clause.end))) push(p + 1, ++n, clause);
    });
    return passages;
  }
  // A point number met twice continues the first one's numbering, so ids stay unique.
  const counts = new Map<number, number>();
  for (const point of shape.points) {
    // Lead-ins in force, innermost last: a sub-item sees the nearest one not set by its own siblings.
    const leads: { style: string; text: string }[] = [];
    for (const item of point.items) {
      let leadIn: string | undefined;
      if (item.kind === 'sub') {
        const sibling = leads.findIndex((l) => l.style === item.style);
        if (sibling >= 0) leads.length = sibling;
        leadIn = leads[leads.length - 1]?.text;
      } else leads.length = 0;
      const clauses = clausesOf(doc.text, item.span);
      const context: PassageContext = {
        point: String(point.number),
        ...(item.label ? { item: item.label } : {}),
        ...(leadIn ? { leadIn } : {}),
        ...(point.heading ? { heading: point.heading } : {}),
      };
      for (const clause of clauses) {
        const n = (counts.get(point.number) ?? 0) + 1;
        counts.set(point.number, n);
        push(point.number, n, clause, context);
      }
      const sentences = splitSentences(doc.text, item.span);
      const lastSentence = sentences[sentences.length - 1];
      if (lastSentence && doc.text.slice(lastSentence.start, lastSentence.end).endsWith(':')) {
        leads.push({ style: item.kind === 'sub' ? item.style! : 'body', text: doc.text.slice(lastSentence.start, lastSentence.end) });
      }
    }
  }
  return passages;
}
