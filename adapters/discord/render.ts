/**
 * Answer → Discord message, as pure functions. All wording comes from the core; this module only chooses
 * the layout (content or embeds), escapes the core's plain text for Discord markdown, and cuts to fit
 * Discord's limits the same way every time.
 */
import { escapeMarkdown, MessageFlags, type APIEmbed, type MessageMentionOptions } from 'discord.js';
import { cleanQuestion } from '../../src/language/clean.js';
import { contextLine } from '../../src/retrieval/points.js';
import { sentenceGroups, shiftSpans, widestWindow, type SentenceGroup } from '../../src/wording/present.js';
import type { Answer, Attribution, Citation, Span } from '../../src/types.js';

/** Discord's documented size limits, in characters. */
export const LIMITS = {
  content: 2000,
  embeds: 10,
  embedTitle: 256,
  embedDescription: 4096,
  embedFooter: 2048,
  embedFieldValue: 1024,
  /** Sum of titles, descriptions, field names and values, footers and author names over all embeds. */
  embedsTotal: 6000,
  threadName: 100,
  autocompleteChoices: 25,
  choiceName: 100,
  choiceValue: 100,
} as const;

/** A message before transport: what every surface (reply, follow-up, thread post) sends. */
export interface RenderedMessage {
  content: string;
  embeds: APIEmbed[];
}

const ELLIPSIS = '…';
// Below this, a cut quote says too little to be worth an embed; the citation is listed by id instead.
const MIN_QUOTE_LENGTH = 120;

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

/**
 * An embed's title: the citation ids and their version, then a sub-item's point and lead-in, shown
 * above its quote ("cancels it" needs its subject).
 */
function groupTitle(g: SentenceGroup): string {
  const first = g.citations[0]!;
  const lead = contextLine(first);
  const parts = [g.citations.map((c) => c.id).join(' · '), ...(first.version ? [first.version] : []), ...(lead ? [lead] : [])];
  return clip(parts.join(' · '), LIMITS.embedTitle);
}

// Discord rejects the whole message if a link is not http(s).
function safeUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

/** A document's attribution line as markdown, its title a masked link to the document when it has a URL. */
export function attributionMarkdown(a: Attribution): string {
  const url = safeUrl(a.url);
  const title = escapeText(a.title);
  // `)` would end the masked link early; percent-encoding it keeps the same address.
  const linked = url ? `[${title}](${url.replace(/\)/g, '%29')})` : title;
  return escapeText(a.text.slice(0, a.titleAt.start)) + linked + escapeText(a.text.slice(a.titleAt.end));
}

/** One embed crediting every cited document once, at the end of the answer. */
function attributionEmbed(attributions: readonly Attribution[]): APIEmbed | undefined {
  if (attributions.length === 0) return undefined;
  const lines = attributions.map(attributionMarkdown);
  const full = lines.join('\n');
  // An over-long line loses its link rather than break the markdown mid-link.
  const description = full.length <= ATTRIBUTION_MAX ? full : fitLines(escapeText(attributions.map((a) => a.text).join('\n')), ATTRIBUTION_MAX);
  return { description };
}

/** Characters the attribution embed may take from the 6,000 shared by a message's embeds. */
const ATTRIBUTION_MAX = 1000;

/**
 * Splits `budget` among items that need `needs[i]` each, never more than `ceiling` apiece: short items
 * get all they need and the rest share what is left equally. Deterministic, and order-independent.
 */
export function shareBudget(needs: readonly number[], budget: number, ceiling: number): number[] {
  const caps = needs.map(() => 0);
  const order = needs.map((need, i) => ({ need, i })).sort((a, b) => a.need - b.need || a.i - b.i);
  let left = budget;
  order.forEach(({ need, i }, k) => {
    const cap = Math.max(0, Math.min(need, ceiling, Math.floor(left / (order.length - k))));
    caps[i] = cap;
    left -= cap;
  });
  return caps;
}

/**
 * One embed per sentence quoted (title = the citation ids, description = the quotes in their
 * sentence: two clauses of one sentence share an embed), then one
 * embed crediting the documents, as many as fit in 10 embeds and 6,000 characters. Sentences are
 * shortened around their clauses before citations are dropped; a citation is dropped only when its
 * quote would be cut below a readable length. Dropped ids are returned.
 */
export function citationEmbeds(citations: readonly Citation[], attributions: readonly Attribution[] = []): { embeds: APIEmbed[]; omitted: string[] } {
  const credit = attributionEmbed(attributions);
  const creditLength = credit?.description?.length ?? 0;
  const groups = sentenceGroups(citations);
  const idsOf = (gs: SentenceGroup[]): string[] => gs.flatMap((g) => g.citations.map((c) => c.id));
  for (let shown = Math.min(groups.length, LIMITS.embeds - (credit ? 1 : 0)); shown > 0; shown--) {
    const frames = groups.slice(0, shown).map((g) => ({ group: g, title: groupTitle(g) }));
    const overhead = frames.reduce((sum, f) => sum + f.title.length, 0) + creditLength;
    const needs = frames.map((f) => renderSentence(f.group, Infinity).length);
    const caps = shareBudget(needs, LIMITS.embedsTotal - overhead, LIMITS.embedDescription);
    const readable = caps.every((cap, i) => cap >= Math.min(needs[i]!, MIN_QUOTE_LENGTH));
    if (!readable && shown > 1) continue;
    const embeds: APIEmbed[] = frames.map((f, i) => ({ title: f.title, description: renderSentence(f.group, caps[i]!) }));
    return { embeds: credit ? [...embeds, credit] : embeds, omitted: idsOf(groups.slice(shown)) };
  }
  return { embeds: credit ? [credit] : [], omitted: idsOf(groups) };
}

/** "…and N more: a, b" listing as many ids as fit in `max` characters, then "…". */
export function omittedMarker(ids: readonly string[], max: number): string {
  if (ids.length === 0) return '';
  const head = `${ELLIPSIS}and ${ids.length} more: `;
  let list = '';
  for (const [i, id] of ids.entries()) {
    const next = list ? `${list}, ${id}` : id;
    const tail = i < ids.length - 1 ? `, ${ELLIPSIS}` : '';
    if (head.length + next.length + tail.length > max) return clip(`${head}${list ? `${list}, ` : ''}${ELLIPSIS}`, max);
    list = next;
  }
  return head + list;
}

/** The lead line as content, with the ids of citations that did not fit listed after it. */
function leadWithOmissions(lead: string, omitted: readonly string[]): string {
  const marker = omittedMarker(omitted, Math.floor(LIMITS.content / 2));
  const escapedLead = escapeText(lead);
  if (!marker) return clip(escapedLead, LIMITS.content);
  return `${clip(escapedLead, LIMITS.content - marker.length - 1)}\n${marker}`;
}

/** The lines of `text` after the lead, or all of it when it does not start with the lead. */
function body(answer: Answer): string {
  return answer.text.startsWith(answer.lead) ? answer.text.slice(answer.lead.length).trim() : answer.text;
}

/**
 * Renders an answer for Discord. Cited clauses get an embed each, in their sentence (they read better as
 * cards), and the documents one credit embed at the end; lists
 * (topics, sources) go in one embed under the lead; everything else is plain markdown content.
 * Every part of the core's text is escaped, since it may echo the asker's words.
 */
export function renderAnswer(answer: Answer): RenderedMessage {
  switch (answer.kind) {
    case 'answered': {
      if (answer.citations.length === 0) return { content: fitLines(escapeText(answer.text), LIMITS.content), embeds: [] };
      const { embeds, omitted } = citationEmbeds(answer.citations, answer.attributions);
      return { content: leadWithOmissions(answer.lead, omitted), embeds };
    }
    case 'topics':
    case 'sources': {
      const list = fitLines(escapeText(body(answer)), LIMITS.embedDescription);
      return { content: clip(escapeText(answer.lead), LIMITS.content), embeds: list ? [{ description: list }] : [] };
    }
    case 'not-covered':
    case 'invalid':
    case 'help':
    case 'smalltalk':
    case 'why':
      return { content: fitLines(escapeText(answer.text), LIMITS.content), embeds: [] };
  }
}

/** A thread name from the question: one line, invisible characters removed, at most 100 characters. */
export function threadName(question: string): string {
  return clip(cleanQuestion(question) || 'Question', LIMITS.threadName);
}

/** The apology sent when the core fails; `ref` (the interaction or message id) is also in the log. */
export function apology(ref: string): RenderedMessage {
  return { content: `Sorry, something went wrong while answering. It has been logged (reference ${ref}).`, embeds: [] };
}

/** The options every message is sent with. */
export interface MessagePayload {
  content: string;
  embeds: APIEmbed[];
  allowedMentions: MessageMentionOptions;
}

/**
 * The one response helper: turns a rendered message into send options, always with
 * `allowedMentions: { parse: [] }`. With `ephemeral` (interactions only) it adds the Ephemeral flag.
 */
export function toPayload(message: RenderedMessage): MessagePayload;
export function toPayload(message: RenderedMessage, visibility: { ephemeral: boolean }): MessagePayload & { flags?: MessageFlags.Ephemeral };
export function toPayload(message: RenderedMessage, visibility?: { ephemeral: boolean }): MessagePayload & { flags?: MessageFlags.Ephemeral } {
  return {
    content: message.content,
    embeds: message.embeds,
    // Nothing may ping: not @everyone/@here, roles or users (parse: []), nor the person replied to.
    allowedMentions: { parse: [], repliedUser: false },
    ...(visibility?.ephemeral ? { flags: MessageFlags.Ephemeral } : {}),
  };
}
