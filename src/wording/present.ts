/**
 * How an answer reads: its lead line, its plain text and its attributions. Every sentence comes
 * from the string tables (`src/data/strings/`) in the asker's language; quotes stay verbatim.
 * Ranking decides what to quote; this module only words it, in one place for every surface.
 */
import frames from '../data/lead-frames.json' with { type: 'json' };
import type { Answer, Attribution, Citation, CorpusDocument, Span } from '../types.js';
import { say, sayCount } from './strings.js';
import type { Lang } from '../language/lang.js';

const FRAMES: Record<Lang, RegExp[]> = {
  en: frames.en.map((f) => new RegExp(f, 'iu')),
  uk: frames.uk.map((f) => new RegExp(f, 'iu')),
  ru: frames.ru.map((f) => new RegExp(f, 'iu')),
};
const TRAILING = new RegExp(frames.trailing, 'iu');
const DANGLING = new RegExp(frames.danglingEnglish, 'iu');
// Past this, an echoed subject or question stops reading as a lead line.
const MAX_SUBJECT = 60;
// A subject longer than this many words is a sentence, not a topic: the lead names the ideas instead.
const MAX_SUBJECT_WORDS = 5;
const MAX_ECHO = 80;

/** Joins items as a list: "a, b and c" in the language's words. */
export function joinList(lang: Lang, items: string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')}${say(lang, 'lead.and')}${items[items.length - 1]}`;
}

/** The question as typed, without final punctuation or spaces. */
function bare(question: string): string {
  return question.replace(/[\s?!.…;:,]+$/u, '').trim();
}

// The asker's "my"/"I" is the reader's "your"/"you" in a lead the bot writes back.
// Matched with its case: "US" is the United States, not "us".
const PERSON: Record<string, string> = { my: 'your', me: 'you', I: 'you', our: 'your', us: 'you', mine: 'yours' };

/**
 * The subject of a question in the asker's own words when the question names it in a frame such as
 * "what does it say about X", "tell me about X", "Що план каже про X": English gives the noun
 * phrase, Ukrainian and Russian the phrase with its preposition. Undefined when no frame fits.
 *
 * @example askedSubject('what does it say about NATO?', 'en') // 'NATO'
 */
export function askedSubject(question: string, lang: Lang): string | undefined {
  // The frame is one sentence of the message: "…about NATO? thx in advance" asks about NATO.
  for (const sentence of question.split(/(?<=[?!.…])\s+/u)) {
    const subject = framedSubject(bare(sentence), lang);
    if (subject !== undefined) return subject;
  }
  return undefined;
}

function framedSubject(q: string, lang: Lang): string | undefined {
  for (const frame of FRAMES[lang]) {
    const m = frame.exec(q);
    if (!m?.[1]) continue;
    let subject = m[1].replace(TRAILING, '').trim();
    if (lang === 'en') subject = subject.replace(/\p{L}+/gu, (w) => PERSON[w] ?? w);
    if (subject === '' || subject.length > MAX_SUBJECT || !/\p{L}/u.test(subject) || subject.split(/\s+/u).length > MAX_SUBJECT_WORDS) continue;
    if (lang === 'en' && DANGLING.test(subject)) continue;
    return subject;
  }
  return undefined;
}

/** Cuts text at a word boundary to at most `max` characters, marking the cut. */
function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.lastIndexOf(' ', max - 1);
  return `${text.slice(0, cut > max / 2 ? cut : max - 1).trimEnd()}…`;
}

/** "the summary" when every cited document is a (news) summary; otherwise "the documents". */
function nounFor(citations: Citation[], documents: ReadonlyMap<string, Pick<CorpusDocument, 'title' | 'source'>>): 'summary' | 'text' {
  const all = citations.every((c) => {
    const doc = documents.get(c.documentId);
    return doc !== undefined && /\bsummary\b/i.test(`${doc.title} ${doc.source}`);
  });
  return all && citations.length > 0 ? 'summary' : 'text';
}

/**
 * The lead line of an answer with citations, naming the question's subject in the asker's words:
 * "What the summary says about NATO:" when the question frames its subject; otherwise the count and
 * what was asked ("Two passages on Crimea and Russia:"; in Ukrainian and Russian the question itself,
 * quoted, since the subject's case there depends on the asker's sentence). Deterministic.
 *
 * @param labels what the question asked about, most specific first (the ranking's subject)
 */
export function leadFor(
  question: string,
  lang: Lang,
  labels: string[],
  citations: Citation[],
  documents: ReadonlyMap<string, Pick<CorpusDocument, 'title' | 'source'>>,
): string {
  const asked = askedSubject(question, lang);
  if (asked !== undefined) return say(lang, `lead.about.${nounFor(citations, documents)}`, { subject: lang === 'en' ? `about ${asked}` : asked });
  const subject =
    lang === 'en'
      ? joinList(lang, spokenLabels(question, labels, citations).slice(0, 2)) || say(lang, 'lead.subjectFallback')
      : say(lang, 'lead.quoted', { text: shorten(question, MAX_ECHO) });
  return sayCount(lang, 'lead.count', citations.length, { count: countWord(lang, citations.length), subject });
}

/**
 * The labels worth naming, most specific first: those in the asker's words (as the asker spelled
 * them) and those the quotes themselves use. A label in neither (a lexicon association the reader
 * cannot see) is named only when nothing else is.
 */
function spokenLabels(question: string, labels: string[], citations: Citation[]): string[] {
  const q = question.toLowerCase();
  const quotes = citations.map((c) => c.quote.toLowerCase());
  const named = labels.flatMap((label) => {
    const article = /^(?:the|a|an) /i.exec(label)?.[0] ?? '';
    const core = label.slice(article.length).toLowerCase();
    const at = q.indexOf(core);
    if (at >= 0) return [article + question.slice(at, at + core.length)];
    return quotes.some((t) => t.includes(core)) ? [label] : [];
  });
  return named.length ? named : labels.slice(0, 1);
}

/** A count spelled out as a sentence's first word ("Two"), digits past ten. */
function countWord(lang: Lang, n: number): string {
  return say(lang, 'lead.numbers').split('|')[n - 1] ?? String(n);
}

/** `text` with each span (sorted, disjoint) between `open` and `close`; a span covering all of it is left unmarked. */
export function markSpans(text: string, spans: Span[], open: string, close: string): string {
  if (spans.length === 1 && spans[0]!.start === 0 && spans[0]!.end === text.length) return text;
  let out = '';
  let at = 0;
  for (const s of spans) {
    out += text.slice(at, s.start) + open + text.slice(s.start, s.end) + close;
    at = s.end;
  }
  return out + text.slice(at);
}

/** Citations that quote clauses of one sentence, shown as that sentence once. */
export interface SentenceGroup {
  /** In reading order, so their ids read in the order of the emphasised clauses. */
  citations: Citation[];
  sentence: string;
  /** Each citation's clause in `sentence`, sorted by position. */
  clauses: Span[];
  /** From the first clause's start to the last one's end. */
  span: Span;
  /** Whether the one citation is the whole sentence (nothing to emphasise but its matched words). */
  whole: boolean;
}

/**
 * Groups an answer's citations by the sentence they stand in, in order of each group's first
 * citation: two clauses of one sentence show it once with both emphasised, rather than twice.
 */
export function sentenceGroups(citations: readonly Citation[]): SentenceGroup[] {
  const groups: SentenceGroup[] = [];
  for (const c of citations) {
    const overlaps = (g: SentenceGroup): boolean => g.clauses.some((s) => s.start < c.offsets.end && c.offsets.start < s.end);
    const g = groups.find((x) => !x.whole && x.citations[0]!.documentId === c.documentId && x.sentence === c.sentence && !overlaps(x));
    const whole = c.offsets.start === 0 && c.offsets.end === c.sentence.length;
    if (!g || whole) {
      groups.push({ citations: [c], sentence: c.sentence, clauses: [{ ...c.offsets }], span: { ...c.offsets }, whole });
      continue;
    }
    g.citations = [...g.citations, c].sort((a, b) => a.offsets.start - b.offsets.start);
    g.clauses = g.citations.map((x) => ({ ...x.offsets }));
    g.span = { start: g.clauses[0]!.start, end: g.clauses[g.clauses.length - 1]!.end };
  }
  return groups;
}

/**
 * A stretch of the quote's sentence that keeps the whole quote and at most `context` characters of
 * the sentence on either side, cut at spaces and marked "…": how every surface shortens a sentence to
 * fit, around the cited clause and never through it.
 *
 * @returns the text and where the quote stands in it
 */
export function sentenceWindow(c: Pick<Citation, 'sentence' | 'offsets'>, context: number): { text: string; clause: Span } {
  const { sentence, offsets } = c;
  let from = Math.max(0, offsets.start - context);
  let to = Math.min(sentence.length, offsets.end + context);
  if (from > 0) {
    const space = sentence.indexOf(' ', from);
    from = space >= 0 && space < offsets.start ? space + 1 : offsets.start;
  }
  if (to < sentence.length) {
    const space = sentence.lastIndexOf(' ', to);
    to = space >= offsets.end ? space : offsets.end;
  }
  const head = from > 0 ? '…' : '';
  const text = head + sentence.slice(from, to).trimEnd() + (to < sentence.length ? '…' : '');
  const start = head.length + offsets.start - from;
  return { text, clause: { start, end: start + offsets.end - offsets.start } };
}

/**
 * The widest {@link sentenceWindow} that `fits` accepts (the whole sentence when it fits), or
 * undefined when even the quote alone does not. Each surface passes its own rendering and limit.
 */
export function widestWindow(c: Pick<Citation, 'sentence' | 'offsets'>, fits: (text: string, clause: Span) => boolean): { text: string; clause: Span } | undefined {
  const ok = (context: number): boolean => {
    const w = sentenceWindow(c, context);
    return fits(w.text, w.clause);
  };
  if (!ok(0)) return undefined;
  // A wider window never renders shorter, so a binary search finds the most context that fits.
  let lo = 0;
  let hi = c.sentence.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (ok(mid)) lo = mid;
    else hi = mid - 1;
  }
  return sentenceWindow(c, lo);
}

/** A group's clauses as spans of a window whose `span` stands where the group's `span` stood. */
export function shiftSpans(g: Pick<SentenceGroup, 'clauses' | 'span'>, span: Span): Span[] {
  const by = span.start - g.span.start;
  return g.clauses.map((s) => ({ start: s.start + by, end: s.end + by }));
}

/** One attribution per cited document, in order of first citation. */
export function attributionsFor(lang: Lang, citations: Citation[]): Attribution[] {
  const seen = new Map<string, Attribution>();
  const [before = ''] = say(lang, 'attribution.line').split('{title}');
  for (const c of citations) {
    if (seen.has(c.documentId)) continue;
    // Two versions of one plan may share a title: the version tells their credits apart.
    const text = say(lang, 'attribution.line', { title: c.version ? `${c.documentTitle} (${c.version})` : c.documentTitle, source: c.source, date: c.date });
    const start = before.length;
    seen.set(c.documentId, {
      documentId: c.documentId,
      title: c.documentTitle,
      source: c.source,
      date: c.date,
      ...(c.url ? { url: c.url } : {}),
      text,
      titleAt: { start, end: start + c.documentTitle.length },
    });
  }
  return [...seen.values()];
}

/**
 * An answer that quotes: the lead, each quote in its sentence with the quote between asterisks and
 * its id (a sentence two quotes share, once, with both ids), then each document's attribution once.
 */
export function quotedAnswer(question: string, lang: Lang, lead: string, citations: Citation[]): Extract<Answer, { kind: 'answered' }> {
  const attributions = attributionsFor(lang, citations);
  const quoted = sentenceGroups(citations).map((g) => `[${g.citations.map((c) => c.id).join(', ')}] "${markSpans(g.sentence, g.clauses, '*', '*')}"`);
  const text = [lead, ...quoted, ...attributions.map((a) => a.text)].join('\n');
  return { kind: 'answered', question, lead, citations, attributions, text };
}

/**
 * A document's URL when it is an http(s) link, else undefined: a surface links a credited title only
 * to a web address (Discord rejects the whole message otherwise, and a `javascript:` link must never
 * be offered), whatever the corpus header says.
 */
export function webUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}
