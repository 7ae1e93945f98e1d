/**
 * Answer → Discord message, as pure functions. All wording comes from the core; this module only chooses
 * the layout (content or embeds), and shares Discord's limits out among the parts the same way every
 * time. How each part reads as markdown is `markdown.ts`'s.
 */
import { MessageFlags, type APIEmbed, type MessageMentionOptions } from 'discord.js';
import { cleanQuestion } from '../../src/language/clean.js';
import { contextLine } from '../../src/retrieval/points.js';
import { sentenceGroups, type SentenceGroup } from '../../src/wording/present.js';
import type { Answer, Attribution, Citation } from '../../src/types.js';
import { LIMITS } from './limits.js';
import { attributionMarkdown, clip, ELLIPSIS, escapeText, fitLines, renderSentence } from './markdown.js';

/** A message before transport: what every surface (reply, follow-up, thread post) sends. */
export interface RenderedMessage {
  content: string;
  embeds: APIEmbed[];
}

// Below this, a cut quote says too little to be worth an embed; the citation is listed by id instead.
const MIN_QUOTE_LENGTH = 120;

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
