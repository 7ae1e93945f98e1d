/**
 * What a chat adapter must remember across a restart to keep its promises: which answer message
 * belongs to which question (so that an edit updates the answer in place) and each thread's
 * previous turn (so that "tell me more" means something). A bounded map, mirrored to one JSON file
 * written atomically, is all that takes: no new Slack scope or Discord permission to read history
 * back, and no database to run.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import type { Previous } from '../dialogue/conversation.js';
import type { CoreConfig } from '../runtime/config.js';
import type { Logger } from '../runtime/logger.js';

/** Where the bot answered one question. */
export interface AnswerRef {
  /** The conversation (Slack channel, Discord channel or thread) the answer is in. */
  channel: string;
  /** The answer message (Slack `ts`, Discord message id). */
  message: string;
  /** The thread the answer opened or joined, if any (Slack `thread_ts`, Discord thread id). */
  thread?: string | undefined;
}

/** One remembered record: a question's answer, or a thread's last turn. */
export type Stored = { kind: 'answer'; ref: AnswerRef } | { kind: 'thread'; previous: Previous };

// What a file may hold. A file is read back after any crash, edit or older release, so each entry is
// checked: one bad entry (a `question: 42`) must not reach the core and silence a conversation.
const refSchema = z.object({ channel: z.string(), message: z.string(), thread: z.string().optional() });
const previousSchema = z.object({
  question: z.string().optional(),
  // Files written before the subject was kept have none; the question (when kept) still frames a follow-up.
  subject: z.array(z.string()).default([]),
  citationIds: z.array(z.string()),
  // The refused question's missing subject (words the documents lack, as the gaps report keeps them).
  declined: z.array(z.string()).optional(),
  // The last question as asked, for why?: typed text, kept only with STORE_QUESTION_TEXT on.
  asked: z.string().optional(),
});
const entrySchema = z.tuple([
  z.string(),
  z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('answer'), ref: refSchema, at: z.number().optional() }),
    z.object({ kind: z.literal('thread'), previous: previousSchema, at: z.number().optional() }),
  ]),
]);

/** What is kept, and for how long (`STORE_QUESTION_TEXT`, `CONVERSATION_TTL_MINUTES`, `RETENTION_DAYS`). */
export interface Retention {
  /** Keep the question as typed in a thread's turn; otherwise only its subject's known words. Default false. */
  keepQuestionText?: boolean;
  /** How long a thread's (or DM's) last turn may be followed up. Default 30 minutes. */
  threadTtlMs?: number;
  /** How long an answer's place is kept, for edits. Default 90 days. */
  answerTtlMs?: number;
  /** Told about entries dropped as malformed. Default: the error callback. */
  onWarning?: (what: string) => void;
  /** Clock, for tests. */
  now?: () => number;
}

/** The store behind the adapters; plain data in, plain data out. */
export interface ConversationStore {
  get(key: string): Stored | undefined;
  set(key: string, value: Stored): void;
}

/**
 * A bounded in-memory store, optionally mirrored to a JSON file that is read at start and rewritten
 * (to a temporary file, then renamed, so a crash never leaves half a file) at most every
 * `flushDelayMs` after a change: a full store is about 750 kB, and writing it after every answer
 * would block the event loop for milliseconds each time. Call {@link JsonFileStore.flush} before
 * exiting. A file that cannot be read or written is logged through `onError` and the store keeps
 * working in memory.
 */
export class JsonFileStore implements ConversationStore {
  private readonly entries = new Map<string, { value: Stored; at: number }>();
  private timer: NodeJS.Timeout | undefined;
  private dirty = false;
  private readonly retention: Required<Omit<Retention, 'onWarning'>>;

  /**
   * @param file the JSON file, or undefined for memory only.
   * @param maxEntries the oldest entries are forgotten past this many.
   * @param flushDelayMs how long changes may wait before they are written together.
   * @param retention what is kept and for how long.
   */
  constructor(
    private readonly file: string | undefined,
    private readonly maxEntries = 5000,
    private readonly onError: (what: string, err: unknown) => void = () => {},
    private readonly flushDelayMs = 200,
    retention: Retention = {},
  ) {
    this.retention = { keepQuestionText: false, threadTtlMs: 30 * 60_000, answerTtlMs: 90 * 86_400_000, now: Date.now, ...retention };
    if (!file) return;
    let raw: string;
    try {
      raw = readFileSync(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') onError(`could not read ${file}`, err);
      return;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw) as unknown;
    } catch (err) {
      onError(`ignoring unreadable ${file}`, err);
      return;
    }
    const warn = retention.onWarning ?? ((what: string) => onError(what, undefined));
    if (!Array.isArray(parsed)) {
      warn(`ignoring ${file}: not a list of entries`);
      return;
    }
    let bad = 0;
    const now = this.retention.now();
    for (const item of parsed as unknown[]) {
      const entry = entrySchema.safeParse(item);
      if (!entry.success) {
        bad++;
        continue;
      }
      const [key, { at, ...value }] = entry.data;
      // An entry from before expiry was recorded counts from now, and is gone after one period.
      this.put(key, value, at ?? now);
    }
    if (bad > 0) warn(`dropped ${bad} malformed entries of ${file}`);
  }

  get(key: string): Stored | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (this.expired(entry, this.retention.now())) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  set(key: string, value: Stored): void {
    this.put(key, value, this.retention.now());
    if (!this.file) return;
    this.dirty = true;
    this.timer ??= setTimeout(() => this.flush(), this.flushDelayMs).unref();
  }

  /** Writes pending changes now (at exit, and in tests that restart); expired entries are left out. */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.file || !this.dirty) return;
    this.dirty = false;
    const now = this.retention.now();
    for (const [key, entry] of this.entries) if (this.expired(entry, now)) this.entries.delete(key);
    try {
      mkdirSync(dirname(this.file), { recursive: true });
      const tmp = `${this.file}.tmp`;
      writeFileSync(tmp, JSON.stringify([...this.entries].map(([key, { value, at }]) => [key, { ...value, at }])));
      renameSync(tmp, this.file);
    } catch (err) {
      this.onError(`could not write ${this.file}`, err);
    }
  }

  /** Stores an entry, keeping of a thread's turn only what the retention allows. */
  private put(key: string, value: Stored, at: number): void {
    let kept = value;
    if (value.kind === 'thread' && !this.retention.keepQuestionText && (value.previous.question !== undefined || value.previous.asked !== undefined)) {
      const { subject, citationIds, declined } = value.previous;
      kept = { kind: 'thread', previous: { subject, citationIds, ...(declined ? { declined } : {}) } };
    }
    this.entries.delete(key);
    this.entries.set(key, { value: kept, at });
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }

  private expired(entry: { value: Stored; at: number }, now: number): boolean {
    return now - entry.at >= (entry.value.kind === 'thread' ? this.retention.threadTtlMs : this.retention.answerTtlMs);
  }
}

/**
 * The conversation store an adapter runs with: `file`, keeping what the configuration allows for as
 * long as it allows, logging a file it cannot use (error) and entries it drops (warning).
 */
export function openConversationStore(
  config: Pick<CoreConfig, 'STORE_QUESTION_TEXT' | 'RETENTION_DAYS' | 'CONVERSATION_TTL_MINUTES'>,
  file: string,
  logger: Logger,
): JsonFileStore {
  return new JsonFileStore(file, 5000, (what, err) => logger.error({ err }, `conversation store: ${what}; continuing in memory`), 200, {
    keepQuestionText: config.STORE_QUESTION_TEXT,
    threadTtlMs: config.CONVERSATION_TTL_MINUTES * 60_000,
    answerTtlMs: config.RETENTION_DAYS * 86_400_000,
    onWarning: (what) => logger.warn(`conversation store: ${what}`),
  });
}
