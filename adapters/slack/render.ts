/**
 * Answer → Slack message. Pure functions: the core's wording laid out as Block Kit and cut to fit
 * Slack's limits, naming what was left out. Nothing here ranks, words or decides anything about the
 * answer; how each piece of text reads as mrkdwn is `mrkdwn.ts`'s.
 */
import type { types } from '@slack/bolt';
import { contextLine } from '../../src/retrieval/points.js';
import { sentenceGroups, type SentenceGroup } from '../../src/wording/present.js';
import type { Answer } from '../../src/types.js';
import { fits, SLACK_LIMITS } from './limits.js';
import { attributionMrkdwn, clipText, ELLIPSIS, escapeText, sentenceMrkdwn } from './mrkdwn.js';

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

/** Appends one context line (escaped) under a message: the follow-up hint, "Shared by". */
export function withLine(message: SlackMessage, line: string, raw = false): SlackMessage {
  const text = raw ? line : escapeText(line);
  const block: types.ContextBlock = { type: 'context', elements: [{ type: 'mrkdwn', text, verbatim: !raw }] };
  return { text: `${message.text}\n${text}`, blocks: [...message.blocks, block] };
}
