/**
 * What the bot remembers about the questions it handled and what people thought of the answers.
 * Plain data: every surface builds these through `record.ts`, the store only persists them.
 */

/** A person's verdict on one answer. */
export type Vote = 'up' | 'down';

/** How the report groups answer kinds: answered, declined (not covered), small talk, anything else. */
export type OutcomeClass = 'answered' | 'declined' | 'smalltalk' | 'other';

/** One handled question, as stored. Question text only when `STORE_QUESTION_TEXT=true`. */
export interface OutcomeRecord {
  /** Random id of this answer; feedback buttons carry it. */
  answerId: string;
  /** Milliseconds since the epoch. */
  at: number;
  /** `slack`, `discord`, `cli`. */
  surface: string;
  /** How it arrived on that surface (`mention`, `dm`, `command`, `share`, `slash`, …). */
  via: string;
  /** The core's answer kind (`answered`, `not-covered`, `smalltalk`, …). */
  kind: string;
  /** For a declined question, the subject the refusal names (e.g. `["G8"]`); otherwise empty. */
  subject: string[];
  /** Cited clauses, in the answer's order. */
  citations: { id: string; quote: string }[];
  latencyMs: number;
  /** Salted hash of the asker's id, or undefined when unknown. */
  userHash: string | undefined;
  /** The question's text, or undefined when not stored. */
  question: string | undefined;
  questionLength: number;
  /** Whether the platform accepted the answer; undefined when the surface does not know. */
  delivered: boolean | undefined;
}

/** One click on a feedback button. A later click by the same person on the same answer replaces it. */
export interface FeedbackRecord {
  answerId: string;
  userHash: string;
  vote: Vote;
  at: number;
  surface: string;
}

/**
 * Where outcomes and feedback go. Both calls return at once and never throw: persistence happens
 * later, off the answer's path, and its failures are logged.
 */
export interface OutcomeStore {
  record(outcome: OutcomeRecord): void;
  feedback(feedback: FeedbackRecord): void;
  /** A user id as stored: salted and hashed. */
  hashUser(userId: string): string;
  /** Whether question text may be kept (`STORE_QUESTION_TEXT`); otherwise only its length. */
  readonly storeQuestionText: boolean;
}

/** Which database keeps the outcomes. */
export type StoreBackend = 'sqlite' | 'postgres';

/** What a running store says about itself, for `/readyz` and `/metrics`. */
export interface StoreStatus {
  backend: StoreBackend;
  /** Whether the database took the last write (or was opened, before any). */
  reachable: boolean;
  /** Records waiting in memory to be written. */
  queued: number;
  /** Records lost since start (queue full, store closed, or a write SQLite refused). */
  lost: number;
  /**
   * Whether records are kept while the database is unreachable: Postgres queues them in memory until
   * its cap; SQLite has no such fallback (a failed batch is dropped).
   */
  fallback: boolean;
}

/** A store the process opened: records, reports on itself, and is closed on the way out. */
export interface RunningStore extends OutcomeStore {
  readonly backend: StoreBackend;
  status(): StoreStatus;
  /** Whether the database answers now, within `timeoutMs`. */
  ping(timeoutMs: number): Promise<boolean>;
  /** Writes what is queued (as far as it can) and releases the database. */
  close(): void | Promise<void>;
}

/** The class of an answer kind, as the store keeps it and the report counts it. */
export function outcomeClass(kind: string): OutcomeClass {
  switch (kind) {
    case 'answered':
      return 'answered';
    case 'not-covered':
      return 'declined';
    case 'smalltalk':
      return 'smalltalk';
    default:
      return 'other';
  }
}
