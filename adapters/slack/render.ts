/**
 * Answer → Slack message. Pure functions: the core's wording laid out as Block Kit, escaped, and
 * cut to fit Slack's limits. Nothing here ranks, words or decides anything about the answer.
 */
import type { types } from '@slack/bolt';
import { contextLine } from '../../src/retrieval/points.js';
import { sentenceGroups, shiftSpans, widestWindow, type SentenceGroup } from '../../src/wording/present.js';
import type { Answer, Attribution, Span } from '../../src/types.js';

/**
 * Slack's message limits, as the renderer applies them.
 *
 * `messageText` stays under Slack's "about 12,000 characters across a message's blocks": Slack does
 * not document how it counts (its own escapes and markup seem to count), and a message just past the
 * limit is rejected whole with `msg_blocks_too_long`, so a margin costs little and saves the answer.
 */
export const SLACK_LIMITS = {
  /** Characters in one section's text object. */
  sectionText: 3000,
  /** Blocks in one message. */
  blocks: 50,
  /** Characters across all text objects of a message's blocks. */
  messageText: 11_000,
  /** Characters of the plain-text `text` fallback shown in notifications. */
  fallbackText: 3000,
  /** Characters of a button's `value`. */
  buttonValue: 2000,
} as const;

/** `action_id` of the "Share in channel" button. */
export const SHARE_ACTION_ID = 'share_answer';
/** Label of the "Share in channel" button. */
export const SHARE_LABEL = 'Share in channel';

/** A message ready for `chat.postMessage` or `respond`: Block Kit plus the notification fallback. */
export interface SlackMessage {
  text: string;
  blocks: types.KnownBlock[];
}

/** How to lay out an answer. */
export interface RenderOptions {
  /** Add a "Share in channel" button carrying the question (ephemeral /plan answers). */
  share?: boolean;
  /** Show the question above the answer (public /plan posts, where nobody saw it asked). */
  showQuestion?: boolean;
}

const ELLIPSIS = '…';

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

function mrkdwn(text: string): types.MrkdwnElement {
  // verbatim: Slack would otherwise auto-link names and parse some mentions in the text.
  return { type: 'mrkdwn', text, verbatim: true };
}

function section(text: string): types.SectionBlock {
  return { type: 'section', text: mrkdwn(text) };
}

function context(text: string): types.ContextBlock {
  return { type: 'context', elements: [mrkdwn(text)] };
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

/** Characters a block contributes to Slack's per-message text total. */
function blockTextLength(block: types.KnownBlock): number {
  switch (block.type) {
    case 'section':
      return block.text?.text.length ?? 0;
    case 'context':
      return block.elements.reduce((n, e) => n + ('text' in e && typeof e.text === 'string' ? e.text.length : 0), 0);
    case 'actions':
      return block.elements.reduce((n, e) => n + (e.type === 'button' ? e.text.text.length + (e.value?.length ?? 0) : 0), 0);
    default:
      return 0;
  }
}

/** Characters across a message's blocks, as {@link SLACK_LIMITS.messageText} counts them. */
export function blocksTextLength(blocks: types.KnownBlock[]): number {
  return blocks.reduce((n, b) => n + blockTextLength(b), 0);
}

function fits(blocks: types.KnownBlock[]): boolean {
  return blocks.length <= SLACK_LIMITS.blocks && blocksTextLength(blocks) <= SLACK_LIMITS.messageText;
}

/** The visible note for what did not fit, naming it: "…and 3 more: a:1.1, a:1.2, a:2.1". */
function omittedNote(names: string[]): types.ContextBlock {
  const head = `${ELLIPSIS}and ${names.length} more: `;
  const listed: string[] = [];
  let length = head.length;
  for (const name of names) {
    const escaped = clipText(name, 60);
    // The list must stay small: it points at what is missing, it is not the content.
    if (length + escaped.length + 2 > 1000) {
      listed.push(ELLIPSIS);
      break;
    }
    listed.push(escaped);
    length += escaped.length + 2;
  }
  return context(head + listed.join(', '));
}

/**
 * Keeps the longest prefix of `items` whose blocks fit between `head` and `tail`, with a note naming
 * what was left out. Deterministic: the same answer always keeps the same items.
 */
function fitItems<T>(
  head: types.KnownBlock[],
  items: T[],
  build: (kept: T[]) => types.KnownBlock[],
  name: (item: T) => string,
  tail: types.KnownBlock[],
): types.KnownBlock[] {
  const attempt = (keep: number): types.KnownBlock[] => {
    const left = items.slice(keep).map(name);
    return [...head, ...build(items.slice(0, keep)), ...(left.length ? [omittedNote(left)] : []), ...tail];
  };
  // Size grows with the number kept, so a binary search finds the largest prefix that fits.
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (fits(attempt(mid))) lo = mid;
    else hi = mid - 1;
  }
  return attempt(lo);
}

/**
 * Quotes in their sentence, then their ids (and version); a sub-item's point and lead-in go above,
 * since "cancels it" needs its subject. The document is credited once, at the end of the answer.
 */
function groupBlocks(g: SentenceGroup): types.KnownBlock[] {
  const first = g.citations[0]!;
  const lead = contextLine(first);
  const ids = g.citations.map((c) => `\`${clipText(c.id, 200)}\``).join(' · ');
  return [
    ...(lead ? [context(clipText(lead, SLACK_LIMITS.sectionText))] : []),
    section(sentenceMrkdwn(g)),
    context(first.version ? `${ids} · ${clipText(first.version, 200)}` : ids),
  ];
}

/** Groups lines into sections of at most the section limit, a too-long line clipped. */
function lineSections(lines: string[]): types.KnownBlock[] {
  const sections: string[] = [];
  let current: string | undefined;
  for (const line of lines) {
    const text = clipText(line, SLACK_LIMITS.sectionText);
    if (current !== undefined && current.length + 1 + text.length > SLACK_LIMITS.sectionText) {
      sections.push(current);
      current = undefined;
    }
    current = current === undefined ? text : `${current}\n${text}`;
  }
  if (current !== undefined) sections.push(current);
  // Slack rejects a section whose text is empty or blank.
  return sections.filter((s) => s.trim() !== '').map(section);
}

function shareBlock(question: string): types.ActionsBlock {
  return {
    type: 'actions',
    elements: [{ type: 'button', action_id: SHARE_ACTION_ID, text: { type: 'plain_text', text: SHARE_LABEL }, value: question }],
  };
}

/** The core's text minus its first line when that line is the lead (rendered on its own). */
function bodyLines(answer: Answer): string[] {
  const lines = answer.text.split('\n');
  return lines[0] === answer.lead ? lines.slice(1) : lines;
}

/**
 * Renders an answer as a Slack message: the lead; for an answered question each quote in its
 * sentence (the cited clause in bold) with its citation id, then each document's attribution once;
 * for anything else the core's own text. Always within Slack's limits, whatever the answer's size:
 * what does not fit is replaced by a visible "…and N more: ids" note, never an error.
 */
export function renderAnswer(answer: Answer, options: RenderOptions = {}): SlackMessage {
  const canShare = options.share === true && answer.kind !== 'invalid' && answer.kind !== 'smalltalk' && answer.question.length <= SLACK_LIMITS.buttonValue && answer.question !== '';
  const tail = canShare ? [shareBlock(answer.question)] : [];
  const head: types.KnownBlock[] = [];
  if (options.showQuestion && answer.question !== '') head.push(context(clipText(`/plan ${answer.question}`, 1000)));
  if (answer.lead.trim() !== '') head.push(section(clipText(answer.lead, SLACK_LIMITS.sectionText)));

  const blocks =
    answer.kind === 'answered'
      ? fitItems(head, sentenceGroups(answer.citations), (kept) => kept.flatMap(groupBlocks), (g) => g.citations.map((c) => c.id).join(', '), [...answer.attributions.map((a) => context(attributionMrkdwn(a))), ...tail])
      : fitItems(head, bodyLines(answer), lineSections, (line) => line.replace(/^- /, ''), tail);
  return { text: clipText(answer.text, SLACK_LIMITS.fallbackText), blocks };
}

/** A short plain message (errors, notices), escaped like everything else. */
export function renderNotice(text: string): SlackMessage {
  const escaped = clipText(text, SLACK_LIMITS.sectionText);
  return { text: escaped, blocks: [section(escaped)] };
}
