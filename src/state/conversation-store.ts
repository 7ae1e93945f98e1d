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

/**
 * What a {@link Stored} looks like when read back from a file or Redis: anything else (an older
 * format, a hand-edited file, another program's key) is ignored rather than trusted.
 */
export const storedSchema: z.ZodType<Stored> = z.union([
  z.object({ kind: z.literal('answer'), ref: z.object({ channel: z.string(), message: z.string(), thread: z.string().optional() }) }),
  z.object({ kind: z.literal('thread'), previous: z.object({ question: z.string(), citationIds: z.array(z.string()) }) }),
]);

/**
 * The store behind the adapters; plain data in, plain data out. `get` may answer later (Redis), so
 * callers await it; `set` returns at once and never throws.
 */
export interface ConversationStore {
  get(key: string): Stored | undefined | Promise<Stored | undefined>;
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
  private readonly entries = new Map<string, Stored>();
  private timer: NodeJS.Timeout | undefined;
  private dirty = false;

  /**
   * @param file the JSON file, or undefined for memory only.
   * @param maxEntries the oldest entries are forgotten past this many.
   * @param flushDelayMs how long changes may wait before they are written together.
   */
  constructor(
    private readonly file: string | undefined,
    private readonly maxEntries = 5000,
    private readonly onError: (what: string, err: unknown) => void = () => {},
    private readonly flushDelayMs = 200,
  ) {
    if (!file) return;
    let raw: string;
    try {
      raw = readFileSync(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') onError(`could not read ${file}`, err);
      return;
    }
    try {
      const parsed = JSON.parse(raw) as unknown;
      const entries = z.array(z.tuple([z.string(), z.unknown()])).parse(parsed);
      for (const [k, v] of entries) {
        const valid = storedSchema.safeParse(v);
        if (valid.success) this.entries.set(k, valid.data);
      }
    } catch (err) {
      onError(`ignoring unreadable ${file}`, err);
    }
  }

  get(key: string): Stored | undefined {
    return this.entries.get(key);
  }

  set(key: string, value: Stored): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    if (!this.file) return;
    this.dirty = true;
    this.timer ??= setTimeout(() => this.flush(), this.flushDelayMs).unref();
  }

  /** Writes pending changes now (at exit, and in tests that restart). */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.file || !this.dirty) return;
    this.dirty = false;
    try {
      mkdirSync(dirname(this.file), { recursive: true });
      const tmp = `${this.file}.tmp`;
      writeFileSync(tmp, JSON.stringify([...this.entries]));
      renameSync(tmp, this.file);
    } catch (err) {
      this.onError(`could not write ${this.file}`, err);
    }
  }
}
