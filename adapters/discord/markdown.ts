/**
 * The core's plain text as Discord markdown: escaped so it shows literally, cut to a length without
 * splitting a character, and quotes and attribution lines laid out. Pure functions.
 */
import { escapeMarkdown } from 'discord.js';
import { shiftSpans, webUrl, widestWindow, type SentenceGroup } from '../../src/wording/present.js';
import type { Attribution, Citation, Span } from '../../src/types.js';

/** Marks where text was cut. */
export const ELLIPSIS = '…';

/**
 * Makes plain text show literally: markdown (including headings, numbered lists and masked links)
 * escaped, and mention syntax broken with a zero-width space. Breaking mentions is only cosmetic, so
 * nobody sees a mention pill; `allowed_mentions` is what actually stops pings.
 */
export function escapeText(text: string): string {
  const escaped = escapeMarkdown(text, { heading: true, numberedList: true, maskedLink: true });
  return escaped.replace(/@(everyone|here)/g, '@\u200B$1').replace(/<(@[!&]?|#)/g, '<$1\u200B');
}

const isHighSurrogate = (code: number): boolean => code >= 0xd800 && code <= 0xdbff;

/** The longest prefix of `text` of at most `length` UTF-16 units that does not split a surrogate pair. */
function safePrefix(text: string, length: number): string {
  const end = length > 0 && isHighSurrogate(text.charCodeAt(length - 1)) ? length - 1 : length;
  return text.slice(0, end);
}

/** Cuts `text` to at most `max` characters, marking the cut with "…". */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  return safePrefix(text, max - ELLIPSIS.length).trimEnd() + ELLIPSIS;
}

/**
 * Keeps whole lines of `text` while they fit in `max` characters and says how many were left out;
 * a first line too long on its own is clipped.
 */
export function fitLines(text: string, max: number): string {
  if (text.length <= max) return text;
  const lines = text.split('\n');
  const kept: string[] = [];
  let length = 0;
  for (const [i, line] of lines.entries()) {
    const marker = `${ELLIPSIS}and ${lines.length - i - 1} more`;
    const next = length + (kept.length ? 1 : 0) + line.length;
    // Room must remain for the marker unless this is the last line.
    if (next + (i < lines.length - 1 ? 1 + marker.length : 0) > max) break;
    kept.push(line);
    length = next;
  }
  if (kept.length === 0) return clip(lines[0] ?? '', max);
  return `${kept.join('\n')}\n${ELLIPSIS}and ${lines.length - kept.length} more`;
}

/** The first `length` characters of a quote as markdown: escaped, with the highlighted spans in bold. */
function quoteMarkdown(quote: string, highlights: readonly Span[], length: number): string {
  // A passage may wrap lines in its source; a line break would end the block quote early.
  const flat = quote.slice(0, length).replace(/[\r\n]/g, ' ');
  let out = '';
  let at = 0;
  for (const { start, end } of highlights) {
    // Spans are documented as sorted and disjoint; skip any that are not rather than garble the quote.
    if (start < at || end <= start || start >= flat.length) continue;
    const stop = Math.min(end, flat.length);
    out += `${escapeText(flat.slice(at, start))}**${escapeText(flat.slice(start, stop))}**`;
    at = stop;
  }
  return out + escapeText(flat.slice(at));
}

/**
 * A citation's quote as a markdown block quote with matched terms in bold, at most `max` characters.
 * A long quote is cut at the longest prefix that fits (at a word boundary when one is near), then "…".
 */
export function renderQuote(citation: Pick<Citation, 'quote' | 'highlights'>, max: number): string {
  const { quote, highlights } = citation;
  const render = (length: number, suffix: string): string => `> ${quoteMarkdown(quote, highlights, length)}${suffix}`;
  const full = render(quote.length, '');
  if (full.length <= max) return full;
  // The rendered length never shrinks as the prefix grows, so a binary search finds the longest fit.
  let lo = 0;
  let hi = quote.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (render(mid, ELLIPSIS).length <= max) lo = mid;
    else hi = mid - 1;
  }
  const space = quote.lastIndexOf(' ', lo);
  const cut = space > lo - 30 && space > 0 ? space : lo;
  return render(safePrefix(quote, cut).trimEnd().length, ELLIPSIS);
}

/**
 * Quotes in their sentence as a markdown block quote, at most `max` characters: each cited clause in
 * bold (or, when the quote is the whole sentence, its matched words). A sentence too long to fit is
 * cut around the clauses, never through them; only clauses longer than `max` on their own are cut.
 */
export function renderSentence(g: SentenceGroup, max: number): string {
  if (g.whole) return renderQuote(g.citations[0]!, max);
  const render = (text: string, span: Span): string => `> ${quoteMarkdown(text, shiftSpans(g, span), text.length)}`;
  const w = widestWindow({ sentence: g.sentence, offsets: g.span }, (text, span) => render(text, span).length <= max);
  return w ? render(w.text, w.clause) : renderQuote({ quote: g.citations.map((c) => c.quote).join(' … '), highlights: [] }, max);
}


/** A document's attribution line as markdown, its title a masked link to the document when it has a URL. */
export function attributionMarkdown(a: Attribution): string {
  const url = webUrl(a.url);
  const title = escapeText(a.title);
  // `)` would end the masked link early; percent-encoding it keeps the same address.
  const linked = url ? `[${title}](${url.replace(/\)/g, '%29')})` : title;
  return escapeText(a.text.slice(0, a.titleAt.start)) + linked + escapeText(a.text.slice(a.titleAt.end));
}

/** A line of the core's plain text that quotes a clause: `[plan-article:7.2] "…"`. */
const QUOTE_LINE = /^\[[^\]\s]+\] ["“]/;

/**
 * The core's plain text as Discord markdown, for a channel without Embed Links: escaped, except that
 * the `*…*` the core puts around the clause within its quoted sentence becomes bold (as in the
 * embeds), rather than showing as literal `\*` marks. Only quote lines are read so; the lead may
 * echo the asker's own stars.
 */
export function plainAnswerText(text: string): string {
  return text
    .split('\n')
    .map((line) => (QUOTE_LINE.test(line) ? line.split(/\*([^*\n]+)\*/).map((part, i) => (i % 2 === 1 ? `**${escapeText(part)}**` : escapeText(part))).join('') : escapeText(line)))
    .join('\n');
}

