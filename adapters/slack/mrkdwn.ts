/**
 * The core's plain text as Slack mrkdwn: escaped so no mention or broadcast goes live, cut without
 * splitting an entity or a character, and quotes (matched words in bold) and attribution lines laid out.
 */
import { shiftSpans, widestWindow, type SentenceGroup } from '../../src/wording/present.js';
import type { Attribution, Span } from '../../src/types.js';
import { SLACK_LIMITS } from './limits.js';

/** Marks where text was cut. */
export const ELLIPSIS = '…';

// Plain "@here" only pings with link_names or parse=full, which this adapter never sets, and text
// objects are sent with verbatim=true; the word joiner is a second lock that costs nothing visible.
const BROADCAST = /@(?:channel|here|everyone)\b/giy;
const WORD_JOINER = '\u2060';

/**
 * Splits text into indivisible escaped units (a code point, an escaped entity, a neutralised
 * broadcast word), so that truncation can never cut an entity or a surrogate pair in half.
 * With `quote`, every line after a newline is kept inside the blockquote.
 */
function escapeUnits(raw: string, quote = false): string[] {
  const units: string[] = [];
  let i = 0;
  while (i < raw.length) {
    BROADCAST.lastIndex = i;
    const broadcast = BROADCAST.exec(raw);
    if (broadcast) {
      units.push(`@${WORD_JOINER}${broadcast[0].slice(1)}`);
      i += broadcast[0].length;
      continue;
    }
    const ch = String.fromCodePoint(raw.codePointAt(i)!);
    i += ch.length;
    units.push(ch === '&' ? '&amp;' : ch === '<' ? '&lt;' : ch === '>' ? '&gt;' : ch === '\n' && quote ? '\n>' : ch);
  }
  return units;
}

/**
 * Escapes text for Slack mrkdwn and plain text: `&`, `<`, `>` become entities (so `<!channel>` or
 * `<@U123>` in a question can never turn into a live mention) and `@here`-style words are neutralised.
 */
export function escapeText(raw: string): string {
  return escapeUnits(raw).join('');
}

/** Escapes text and cuts it to at most `max` characters, ending with "…" when cut. */
export function clipText(raw: string, max: number): string {
  return clipUnits(escapeUnits(raw), max);
}

function clipUnits(units: string[], max: number): string {
  const full = units.join('');
  if (full.length <= max) return full;
  let out = '';
  for (const u of units) {
    if (out.length + u.length > max - ELLIPSIS.length) break;
    out += u;
  }
  return out + ELLIPSIS;
}

const WORDISH = /[\p{L}\p{N}]/u;

/** Whether Slack will render `*…*` around this span as bold rather than as literal asterisks. */
function boldable(quote: string, span: Span): boolean {
  const inner = quote.slice(span.start, span.end);
  if (inner === '' || /^\s|\s$|[*\n]/.test(inner)) return false;
  const before = quote[span.start - 1];
  const after = quote[span.end];
  return !(before !== undefined && WORDISH.test(before)) && !(after !== undefined && WORDISH.test(after));
}

/**
 * Renders a quote as a mrkdwn blockquote with the matched words in bold, at most `max` characters.
 * Highlights Slack could not render (mid-word, malformed) are left plain rather than showing stray `*`.
 */
export function quoteMrkdwn(quote: string, highlights: Span[], max: number = SLACK_LIMITS.sectionText): string {
  const segments: { text: string; bold: boolean }[] = [];
  let at = 0;
  for (const h of highlights) {
    if (h.start < at || h.end > quote.length || h.end <= h.start || !boldable(quote, h)) continue;
    segments.push({ text: quote.slice(at, h.start), bold: false }, { text: quote.slice(h.start, h.end), bold: true });
    at = h.end;
  }
  segments.push({ text: quote.slice(at), bold: false });

  const budget = max - ELLIPSIS.length;
  let out = '>';
  for (const seg of segments) {
    const units = escapeUnits(seg.text, true);
    const whole = seg.bold ? `*${units.join('')}*` : units.join('');
    if (out.length + whole.length <= budget || (out.length + whole.length <= max && seg === segments[segments.length - 1])) {
      out += whole;
      continue;
    }
    // Cut inside this segment; a bold run is closed so the asterisks stay paired.
    let part = '';
    const room = budget - out.length - (seg.bold ? 2 : 0);
    for (const u of units) {
      if (part.length + u.length > room) break;
      part += u;
    }
    part = part.trimEnd();
    out += seg.bold && part !== '' ? `*${part}*` : part;
    return out + ELLIPSIS;
  }
  return out;
}

const SAFE_URL = /^https?:\/\/[^\s<>|]+$/;

/**
 * Quotes in their sentence as a mrkdwn blockquote, at most `max` characters: each cited clause in
 * bold (or, when the quote is the whole sentence, its matched words). A sentence too long to fit is
 * cut around the clauses, never through them; only clauses longer than `max` on their own are cut.
 */
export function sentenceMrkdwn(g: SentenceGroup, max: number = SLACK_LIMITS.sectionText): string {
  const first = g.citations[0]!;
  if (g.whole) return quoteMrkdwn(first.quote, first.highlights, max);
  // A hard-wrapped sentence reads as one line; the swap keeps every offset.
  const flat = { sentence: g.sentence.replace(/[\r\n]/g, ' '), offsets: g.span };
  const render = (text: string, span: Span): string => quoteMrkdwn(text, shiftSpans(g, span), Infinity);
  const w = widestWindow(flat, (text, span) => render(text, span).length <= max);
  return w ? render(w.text, w.clause) : quoteMrkdwn(g.citations.map((c) => c.quote).join(' … '), [], max);
}

/** A document's attribution line, its title linked to the document's URL when it has a safe one. */
export function attributionMrkdwn(a: Attribution, max: number = SLACK_LIMITS.sectionText): string {
  const title = escapeText(a.title);
  const linked = a.url && SAFE_URL.test(a.url) ? `<${a.url.replace(/&/g, '&amp;')}|${title}>` : title;
  const line = escapeText(a.text.slice(0, a.titleAt.start)) + linked + escapeText(a.text.slice(a.titleAt.end));
  // Only the rare over-long attribution pays for the plainer, clipped form.
  return line.length <= max ? line : clipText(a.text, max);
}
