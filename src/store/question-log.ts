/**
 * The one log line and outcome record of a handled question. Kept here, beside the store it
 * writes to, so that the logger itself stays a plain pino factory every stage may use.
 */
import type { Logger } from '../runtime/logger.js';
import { questionLength, recordOutcome, type RecordableAnswer } from './record.js';
import type { OutcomeStore } from './types.js';

/** What one handled question logs: the same fields on every surface. */
export interface QuestionLog {
  surface: string;
  /** The core's answer; its kind, question and citation ids are logged. */
  answer: RecordableAnswer;
  latencyMs: number;
  /** Log the question's text (otherwise only its length). */
  logQuestions: boolean;
  /** Surface-specific ids (event id, interaction id, user) to find the request again. */
  extra?: Record<string, unknown>;
  /** Where the outcome is also recorded (for feedback and `npm run report`), with the answer's id and asker. */
  store?: { store: OutcomeStore; answerId: string; user?: string | undefined } | undefined;
}

/** Told of every handled question: surface, outcome (answer kind) and latency in milliseconds. */
export type QuestionListener = (surface: string, outcome: string, latencyMs: number) => void;

const listeners: QuestionListener[] = [];

/**
 * Subscribes to every handled question. How `/metrics` counts them (`src/service/metrics.ts`)
 * without the CLI, which logs questions too, loading the metrics library.
 */
export function onQuestionHandled(listener: QuestionListener): void {
  listeners.push(listener);
}

/**
 * Logs one JSON line for a handled question: surface, latency, outcome and citation ids, and the
 * question text only when configured (it may be personal data). Tells the {@link onQuestionHandled} listeners.
 */
export function logQuestion(log: Logger, entry: QuestionLog): void {
  const { answer } = entry;
  for (const listener of listeners) listener(entry.surface, answer.kind, entry.latencyMs);
  log.info(
    {
      surface: entry.surface,
      outcome: answer.kind,
      latencyMs: Math.round(entry.latencyMs * 1000) / 1000,
      citations: answer.kind === 'answered' ? (answer.citations ?? []).map((c) => c.id) : [],
      ...(entry.logQuestions ? { question: answer.question } : { questionLength: questionLength(answer) }),
      ...entry.extra,
    },
    'question handled',
  );
  if (entry.store) {
    const { via, delivered } = entry.extra ?? {};
    recordOutcome(entry.store.store, {
      surface: entry.surface,
      via: typeof via === 'string' ? via : entry.surface,
      answer: entry.answer,
      answerId: entry.store.answerId,
      latencyMs: entry.latencyMs,
      user: entry.store.user,
      delivered: typeof delivered === 'boolean' ? delivered : undefined,
    });
  }
}
