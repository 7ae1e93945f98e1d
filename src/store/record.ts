/**
 * The one place where a handled question becomes an {@link OutcomeRecord} and a click becomes a
 * {@link FeedbackRecord}: every surface calls these (through `logQuestion` for outcomes), so that
 * Slack, Discord and any later surface record the same fields the same way.
 */
import { randomBytes } from 'node:crypto';
import type { Answer } from '../types.js';
import type { OutcomeStore, Vote } from './types.js';

/** A fresh, unguessable answer id (16 URL-safe characters), carried by the answer's feedback buttons. */
export function newAnswerId(): string {
  return randomBytes(12).toString('base64url');
}

/** Whether an answer gets feedback buttons: a quoted answer or a refusal, not help, lists or notices. */
export function wantsFeedback(answer: Pick<Answer, 'kind'>): boolean {
  return answer.kind === 'answered' || answer.kind === 'not-covered';
}

/**
 * The subjects a refusal names (e.g. `["G8"]`), from the core's `subject` field when the answer has
 * one. Until the core gives every refusal a subject, the words its lead quotes stand in
 * ("… do not mention “rejoin” and “G8”, …"), in any of the quote marks the string tables use.
 * Each subject once per question (the report counts questions, not mentions), and never a markup
 * tag's name: `<b>the moon</b>` is about the moon, not "b".
 */
export function declinedSubject(answer: RecordableAnswer): string[] {
  if (answer.kind !== 'not-covered') return [];
  const named = Array.isArray(answer.subject)
    ? answer.subject.filter((s): s is string => typeof s === 'string' && s !== '')
    : [...(answer.lead ?? '').matchAll(/["“«]([^"”»]+)["”»]/g)].map((m) => m[1]!);
  const tags = new Set([...answer.question.matchAll(TAG)].map((m) => m[1]!.toLowerCase()));
  const untagged = answer.question.replace(TAG, ' ');
  const seen = new Set<string>();
  return named.filter((s) => {
    const key = s.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return !(tags.has(key) && !mentions(untagged, s));
  });
}

/** An HTML or XML-like tag, `<b>`, `</i>`, `<span class="x">`; group 1 its name. */
const TAG = /<\/?([a-z][a-z0-9-]*)\b[^<>]*>/gi;

/** Whether `text` has `word` as a word of its own. */
function mentions(text: string, word: string): boolean {
  return new RegExp(`(?<![\\p{L}\\p{N}])${word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}\\p{N}])`, 'iu').test(text);
}

/** A question that asks for a clause by its number: "clause 99.9", "point 7", "пункт 3", "§ 2". */
const CLAUSE_ASKED = /(?:^|[\s/])(?:clause|point|article|section|paragraph|пункт|стаття|статья)(?=[\s\d.]|$)|§/iu;
const CLAUSE_ID = /^\d+(?:\.\d+)*[a-z]?$/i;

/**
 * The kind to record: a refusal of a clause number the plan does not have is `unknown-clause`, its
 * own outcome, so a mistyped id never shows up in the report as a declined subject ("99.9").
 */
export function recordedKind(answer: RecordableAnswer): string {
  if (answer.kind !== 'not-covered' || !CLAUSE_ASKED.test(answer.question)) return answer.kind;
  const subject = declinedSubject(answer);
  return subject.length > 0 && subject.every((s) => CLAUSE_ID.test(s)) ? 'unknown-clause' : answer.kind;
}

/** What recording needs of an answer: any {@link Answer} has it (loose, so a log line's summary does too). */
export type RecordableAnswer = Pick<Answer, 'kind' | 'question'> & {
  lead?: string;
  /** The real length of a question the answer echoes clipped. */
  length?: number;
  citations?: { id: string; quote?: string }[];
  subject?: unknown;
};

/** The asked question's length: the real one when the answer echoes it clipped (a too-long question). */
export function questionLength(answer: RecordableAnswer): number {
  return answer.length ?? answer.question.length;
}

/** What a surface knows about one handled question. */
export interface OutcomeEntry {
  surface: string;
  /** How it arrived (`mention`, `dm`, `command`, `share`, `slash`, …). */
  via: string;
  answer: RecordableAnswer;
  /** The id the answer's feedback buttons carry. */
  answerId: string;
  latencyMs: number;
  /** The platform's id of the asker (hashed before storing). */
  user?: string | undefined;
  delivered?: boolean | undefined;
  /** When it was asked, ms since the epoch; default now. */
  at?: number | undefined;
}

/** Queues one handled question's outcome. Returns at once; never throws. */
export function recordOutcome(store: OutcomeStore, entry: OutcomeEntry): void {
  const { answer } = entry;
  const kind = recordedKind(answer);
  store.record({
    answerId: entry.answerId,
    at: entry.at ?? Date.now(),
    surface: entry.surface,
    via: entry.via,
    kind,
    subject: kind === 'not-covered' ? declinedSubject(answer) : [],
    citations: answer.kind === 'answered' ? (answer.citations ?? []).map((c) => ({ id: c.id, quote: c.quote ?? '' })) : [],
    latencyMs: Math.round(entry.latencyMs * 1000) / 1000,
    userHash: entry.user === undefined ? undefined : store.hashUser(entry.user),
    question: store.storeQuestionText ? answer.question : undefined,
    questionLength: questionLength(answer),
    delivered: entry.delivered,
  });
}

/** Queues one click on a feedback button. The same user's later click on the same answer replaces it. */
export function recordFeedback(store: OutcomeStore, click: { surface: string; answerId: string; user: string; vote: Vote; at?: number }): void {
  store.feedback({ answerId: click.answerId, userHash: store.hashUser(click.user), vote: click.vote, at: click.at ?? Date.now(), surface: click.surface });
}

const FEEDBACK_VALUE = /^fb:(up|down):([A-Za-z0-9_-]{1,64})$/;

/** What a feedback button carries (`fb:up:<answer id>`), the same on every surface; at most 72 characters. */
export function feedbackValue(vote: Vote, answerId: string): string {
  return `fb:${vote}:${answerId}`;
}

/** Reads a feedback button's value; undefined for anything else (a forged or foreign value is ignored). */
export function parseFeedbackValue(value: string): { vote: Vote; answerId: string } | undefined {
  const m = FEEDBACK_VALUE.exec(value);
  return m ? { vote: m[1] as Vote, answerId: m[2]! } : undefined;
}
