/**
 * Answer → Telegram messages (HTML parse mode), as pure functions. All wording comes from the core;
 * this module escapes it, emphasises the cited clauses with <b>, and splits at passage boundaries to
 * fit Telegram's 4,096 characters. HTML rather than MarkdownV2: three characters to escape instead of
 * eighteen, so a quote with a stray `_` or `.` can never make Telegram reject the message.
 */
import { contextLine } from '../../src/retrieval/points.js';
import { sentenceGroups, shiftSpans, webUrl, widestWindow, type SentenceGroup } from '../../src/wording/present.js';
import type { Answer, Attribution, Citation, Span } from '../../src/types.js';

/** Telegram's documented limits, in characters. */
export const LIMITS = {
  /** A message's text (sendMessage, editMessageText, an inline result's message_text). */
  text: 4096,
  /** Inline results per answerInlineQuery. */
  inlineResults: 50,
  /** What an inline result's description shows before Telegram cuts it. */
  inlineDescription: 200,
} as const;

const ELLIPSIS = '…';

/** Escapes text for HTML parse mode: Telegram requires exactly `&`, `<` and `>` escaped (and `"` in attributes). */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** `text` escaped, with each span (sorted, disjoint) in <b>; a span covering all of it is left plain. */
export function boldSpans(text: string, spans: readonly Span[]): string {
  if (spans.length === 1 && spans[0]!.start === 0 && spans[0]!.end >= text.length) return escapeHtml(text);
  let out = '';
  let at = 0;
  for (const { start, end } of spans) {
    // Spans are documented as sorted and disjoint; skip any that are not rather than garble the quote.
    if (start < at || end <= start || start >= text.length) continue;
    const stop = Math.min(end, text.length);
    out += `${escapeHtml(text.slice(at, start))}<b>${escapeHtml(text.slice(start, stop))}</b>`;
    at = stop;
  }
  return out + escapeHtml(text.slice(at));
}


/** A document's attribution line, its title a link to the document when it has a URL. */
export function attributionHtml(a: Attribution): string {
  const url = webUrl(a.url);
  const title = escapeHtml(a.text.slice(a.titleAt.start, a.titleAt.end));
  const linked = url ? `<a href="${escapeHtml(url)}">${title}</a>` : title;
  return `<i>${escapeHtml(a.text.slice(0, a.titleAt.start))}${linked}${escapeHtml(a.text.slice(a.titleAt.end))}</i>`;
}

/** The ids a sentence cites, as code (one tap copies an id for `/clause`). */
function idsHtml(citations: readonly Citation[]): string {
  return citations.map((c) => `<code>${escapeHtml(c.id)}</code>`).join(', ');
}

/**
 * One quoted sentence: its point's context in italics when it has one, the sentence in quotes with
 * each cited clause in bold (a whole-sentence quote: its matched words), then its ids. A sentence too
 * long for `max` is shortened around its clauses, never through them.
 */
export function sentenceHtml(g: SentenceGroup, max: number = LIMITS.text): string {
  const first = g.citations[0]!;
  const context = contextLine(first);
  const head = [context ? `<i>${escapeHtml(context)}</i>` : '', first.version ? `(${escapeHtml(first.version)})` : ''].filter(Boolean).join(' ');
  const frame = (quote: string): string => `${head ? `${head}\n` : ''}“${quote}” — ${idsHtml(g.citations)}`;
  if (g.whole) {
    const whole = frame(boldSpans(first.quote, first.highlights));
    if (whole.length <= max) return whole;
  } else {
    const full = frame(boldSpans(g.sentence, g.clauses));
    if (full.length <= max) return full;
    const w = widestWindow({ sentence: g.sentence, offsets: g.span }, (text, span) => frame(boldSpans(text, shiftSpans(g, span))).length <= max);
    if (w) return frame(boldSpans(w.text, shiftSpans(g, w.clause)));
  }
  // Only a single clause longer than a whole message gets here: cut it, marked.
  const quote = g.citations.map((c) => c.quote).join(' … ');
  return frame(escapeHtml(cutToFit(quote, (t) => frame(escapeHtml(t)).length <= max)));
}

/** The longest prefix of `text` (not splitting a surrogate pair) plus "…" that `fits` accepts. */
function cutToFit(text: string, fits: (t: string) => boolean): string {
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (fits(`${text.slice(0, mid)}${ELLIPSIS}`)) lo = mid;
    else hi = mid - 1;
  }
  const end = lo > 0 && /[\uD800-\uDBFF]/.test(text.charAt(lo - 1)) ? lo - 1 : lo;
  return `${text.slice(0, end).trimEnd()}${ELLIPSIS}`;
}

/** Plain text escaped line by line; a line longer than a message on its own is cut into pieces. */
function plainBlocks(text: string): string[] {
  return text.split('\n').flatMap((line) => {
    const pieces: string[] = [];
    let rest = line;
    while (escapeHtml(rest).length > LIMITS.text) {
      const piece = cutToFit(rest, (t) => escapeHtml(t).length <= LIMITS.text).slice(0, -ELLIPSIS.length);
      pieces.push(escapeHtml(piece));
      rest = rest.slice(piece.length).trimStart();
    }
    return [...pieces, escapeHtml(rest)];
  });
}

/**
 * Packs blocks into messages of at most `max` characters, joined by `separator`; a block never
 * straddles two messages, so a message is split only between passages (or lines).
 */
export function packBlocks(blocks: readonly string[], max: number = LIMITS.text, separator = '\n\n'): string[] {
  const parts: string[] = [];
  let current = '';
  for (const block of blocks) {
    if (current === '') current = block;
    else if (current.length + separator.length + block.length <= max) current += separator + block;
    else {
      parts.push(current);
      current = block;
    }
  }
  if (current !== '') parts.push(current);
  return parts;
}

/**
 * Renders an answer as one or more HTML messages: for a quoted answer the lead, each cited sentence
 * with its clauses in bold and its ids, then each document's attribution once; any other answer is the
 * core's text, escaped. Every piece of document and user text is escaped (the lead may echo the question).
 */
export function renderAnswer(answer: Answer): string[] {
  switch (answer.kind) {
    case 'answered': {
      if (answer.citations.length === 0) return packBlocks(plainBlocks(answer.text), LIMITS.text, '\n');
      const quotes = sentenceGroups(answer.citations).map((g) => sentenceHtml(g));
      const credit = answer.attributions.map(attributionHtml).join('\n');
      return packBlocks([escapeHtml(answer.lead), ...quotes, ...(credit ? [credit] : [])]);
    }
    case 'topics':
    case 'sources':
    case 'not-covered':
    case 'invalid':
    case 'help':
    case 'smalltalk':
    case 'why':
      return packBlocks(plainBlocks(answer.text), LIMITS.text, '\n');
  }
}

/** An inline-mode result: what the picker shows and the message it posts. */
export interface InlineArticle {
  id: string;
  title: string;
  description: string;
  /** HTML: the clause in its sentence, its id and a short attribution. */
  messageText: string;
}

/**
 * One inline result per cited clause: the picker shows the id and the start of the quote; choosing it
 * posts the sentence with the clause in bold, its id and the document's attribution.
 */
export function inlineArticles(answer: Answer): InlineArticle[] {
  if (answer.kind !== 'answered') return [];
  const credits = new Map(answer.attributions.map((a) => [a.documentId, a]));
  return answer.citations.slice(0, LIMITS.inlineResults).map((c) => {
    const group = sentenceGroups([c])[0]!;
    const credit = credits.get(c.documentId);
    const tail = credit ? `\n${attributionHtml(credit)}` : '';
    return {
      // Result ids are at most 64 bytes; citation ids are short and unique within an answer.
      id: c.id.slice(0, 64),
      title: c.id,
      description: c.quote.length <= LIMITS.inlineDescription ? c.quote : `${c.quote.slice(0, LIMITS.inlineDescription - 1).trimEnd()}${ELLIPSIS}`,
      messageText: `${sentenceHtml(group, LIMITS.text - tail.length)}${tail}`,
    };
  });
}

/** The apology sent when the core fails; `ref` (chat and message) is also in the log. */
export function apology(ref: string): string {
  return `Sorry, something went wrong while answering. It has been logged (reference ${escapeHtml(ref)}).`;
}
