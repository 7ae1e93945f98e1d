/**
 * The embedded store: outcomes and feedback in one SQLite file (better-sqlite3). Writes are queued
 * and flushed in one transaction a few milliseconds later, so recording never delays an answer; a missing, deleted, corrupt, locked or full database is logged (throttled) and the records
 * of that batch are dropped and counted, never thrown at the caller.
 */
import { createHmac } from 'node:crypto';
import { mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { Logger } from '../runtime/logger.js';
import { migrate, SchemaTooNewError } from './migrate.js';
import { outcomeClass, type FeedbackRecord, type OutcomeRecord, type RunningStore, type StoreStatus } from './types.js';

/** What {@link SqliteStore} needs. */
export interface SqliteStoreOptions {
  /** The database file; its folder is created when missing. */
  file: string;
  /** Salt of the user-id hash. */
  salt: string;
  /** Rows older than this many days are deleted (at open, then at most hourly while writing). */
  retentionDays: number;
  /** Whether question text may be stored (`STORE_QUESTION_TEXT`). */
  storeQuestionText: boolean;
  logger: Logger;
  /** Records waiting beyond this are dropped and counted (a stuck disk must not eat the memory). Default 10,000. */
  maxQueue?: number;
  /**
   * Wait between the first queued record and the write. Default 20 ms: long enough for the answer's
   * request to Slack or Discord to be on the wire first, short enough to lose little on a crash.
   */
  flushDelayMs?: number;
  /** Wait before trying to open a database that failed to open. Default 30 s. */
  reopenAfterMs?: number;
  /** Clock, for tests. */
  now?: () => number;
}

type Item = { type: 'outcome'; record: OutcomeRecord } | { type: 'feedback'; record: FeedbackRecord };

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
/** At most one error line a minute while the database keeps failing. */
const ERROR_LOG_EVERY_MS = 60_000;
const BUSY_RETRIES = 20;

interface Statements {
  outcome: Database.Statement;
  clause: Database.Statement;
  vote: Database.Statement;
  prune: Database.Statement;
  pruneFeedback: Database.Statement;
}

/**
 * An {@link OutcomeStore} in a SQLite file.
 *
 * @example
 * const store = new SqliteStore({ file: 'data/peace-plan.db', salt, retentionDays: 90, storeQuestionText: false, logger });
 * store.record(outcome); // returns at once
 * store.close();         // writes what is queued
 */
export class SqliteStore implements RunningStore {
  readonly backend = 'sqlite' as const;
  readonly file: string;
  readonly storeQuestionText: boolean;
  private readonly options: Required<Omit<SqliteStoreOptions, 'logger'>>;
  private readonly log: Logger;
  private db: Database.Database | undefined;
  private statements: Statements | undefined;
  private inode: number | undefined;
  private queue: Item[] = [];
  private scheduled = false;
  private closed = false;
  /** Set for a database this code must never write (a newer schema). */
  private refused: Error | undefined;
  private openError: unknown;
  private nextOpen = 0;
  private nextPrune = 0;
  private busyRetries = 0;
  private failing = false;
  /** Dropped since the last error line; {@link droppedTotal} since start. */
  private dropped = 0;
  private lostTotal = 0;
  /** Whether the database has been opened once: a later reopen is not news, only a successful write is. */
  private opened = false;
  private lastErrorLog = -Infinity;

  constructor(options: SqliteStoreOptions) {
    this.options = { maxQueue: 10_000, flushDelayMs: 20, reopenAfterMs: 30_000, now: Date.now, ...options };
    delete (this.options as Partial<SqliteStoreOptions>).logger;
    this.file = options.file;
    this.storeQuestionText = options.storeQuestionText;
    this.log = options.logger.child({ component: 'store' });
    this.connection();
  }

  /** Whether the database is open right now (false while it is broken or refused). */
  get healthy(): boolean {
    return this.db !== undefined && !this.failing;
  }

  status(): StoreStatus {
    return { backend: 'sqlite', reachable: this.healthy, queued: this.queue.length, lost: this.lostTotal, fallback: false };
  }

  /** Records dropped since start: what a full disk or a broken file has cost so far. */
  get droppedTotal(): number {
    return this.lostTotal;
  }

  /** Opens the database if it is not (a local file answers at once or not at all). */
  async ping(): Promise<boolean> {
    return this.connection() !== undefined && !this.failing;
  }

  hashUser(userId: string): string {
    return createHmac('sha256', this.options.salt).update(userId).digest('base64url').slice(0, 22);
  }

  record(outcome: OutcomeRecord): void {
    this.enqueue({ type: 'outcome', record: outcome });
  }

  feedback(feedback: FeedbackRecord): void {
    this.enqueue({ type: 'feedback', record: feedback });
  }

  /** Writes what is queued now, synchronously (used at shutdown and by tests). */
  flush(): void {
    this.scheduled = false;
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return;
    const db = this.connection();
    if (!db || !this.statements) {
      this.fail(this.refused ?? this.openError ?? new Error('the database could not be opened'), batch.length);
      return;
    }
    try {
      this.write(db, this.statements, batch);
      this.busyRetries = 0;
      if (this.failing) {
        this.failing = false;
        this.log.warn({ file: this.file }, 'storing question outcomes again');
      }
    } catch (err) {
      if ((err as { code?: string }).code === 'SQLITE_BUSY' && this.busyRetries < BUSY_RETRIES && !this.closed) {
        // Another process (the other chat adapter, a report) holds the write lock: try again shortly
        // rather than block the event loop waiting for it.
        this.busyRetries++;
        this.queue = [...batch, ...this.queue];
        setTimeout(() => this.flush(), 50).unref();
        return;
      }
      this.busyRetries = 0;
      this.fail(err, batch.length);
      this.disconnect();
    }
  }

  /** Writes what is queued and closes the database. Later records are dropped (and counted). */
  close(): void {
    this.flush();
    this.closed = true;
    this.disconnect();
    if (this.dropped > 0) {
      this.log.error({ file: this.file, dropped: this.dropped, droppedTotal: this.lostTotal }, `${this.dropped} question outcomes were not stored since the last report of the failure (${this.lostTotal} since start)`);
      this.dropped = 0;
    }
  }

  private enqueue(item: Item): void {
    if (this.closed) {
      this.fail(new Error('the store is closed'), 1);
      return;
    }
    if (this.queue.length >= this.options.maxQueue) {
      this.fail(new Error(`more than ${this.options.maxQueue} records waiting to be written`), 1);
      return;
    }
    this.queue.push(item);
    if (!this.scheduled) {
      this.scheduled = true;
      // After the answer has been handed to the platform: the write is never on the answer's path.
      // Unref'd: a pending write never keeps the process alive; close() writes what is left.
      setTimeout(() => this.flush(), this.options.flushDelayMs).unref();
    }
  }

  private write(db: Database.Database, s: Statements, batch: Item[]): void {
    const now = this.options.now();
    db.transaction(() => {
      for (const item of batch) {
        if (item.type === 'feedback') {
          const f = item.record;
          s.vote.run(f.answerId, f.userHash, f.vote === 'up' ? 1 : -1, f.at, f.surface);
          continue;
        }
        const o = item.record;
        s.outcome.run(
          o.answerId, o.at, o.surface, o.via, o.kind, outcomeClass(o.kind), JSON.stringify(o.subject), JSON.stringify(o.citations.map((c) => c.id)),
          o.latencyMs, o.userHash ?? null, this.storeQuestionText ? (o.question ?? null) : null, o.questionLength,
          o.delivered === undefined ? null : o.delivered ? 1 : 0,
        );
        for (const c of o.citations) s.clause.run(c.id, c.quote);
      }
      if (now >= this.nextPrune) this.prune(s, now);
    })();
  }

  private prune(s: Statements, now: number): void {
    const before = now - this.options.retentionDays * DAY_MS;
    const outcomes = s.prune.run(before).changes;
    const votes = s.pruneFeedback.run(before).changes;
    this.nextPrune = now + HOUR_MS;
    if (outcomes + votes > 0) this.log.info({ outcomes, votes, retentionDays: this.options.retentionDays }, 'pruned old records');
  }

  /** The open database, reopened when its file was deleted or replaced; undefined when it cannot be opened. */
  private connection(): Database.Database | undefined {
    if (this.db) {
      // A deleted file would keep taking writes into an unlinked inode, lost at the next restart.
      if (this.currentInode() === this.inode) return this.db;
      this.log.error({ file: this.file }, 'the database file was deleted or replaced while open; starting a new one');
      this.disconnect();
      this.nextOpen = 0;
    }
    if (this.refused || this.closed || this.options.now() < this.nextOpen) return undefined;
    let db: Database.Database | undefined;
    try {
      mkdirSync(dirname(this.file), { recursive: true });
      db = new Database(this.file);
      db.pragma('journal_mode = WAL');
      migrate(db, this.file);
      this.statements = prepare(db);
      this.db = db;
      this.inode = this.currentInode();
      this.prune(this.statements, this.options.now());
      // Logged once: reopening after a failed write is not success, and saying "storing" before every
      // write that then fails again (a full disk) read as if the records were kept.
      if (!this.opened) this.log.info({ file: this.file }, 'storing question outcomes');
      else this.log.debug({ file: this.file }, 'reopened the outcome database');
      this.opened = true;
      return db;
    } catch (err) {
      db?.close();
      this.db = undefined;
      this.statements = undefined;
      this.nextOpen = this.options.now() + this.options.reopenAfterMs;
      this.openError = err;
      if (err instanceof SchemaTooNewError) {
        this.refused = err;
        this.log.error({ file: this.file, schemaVersion: err.found }, `${err.message} Outcomes will not be stored; the bot keeps answering.`);
      } else {
        this.fail(err, 0);
      }
      return undefined;
    }
  }

  private currentInode(): number | undefined {
    try {
      return statSync(this.file).ino;
    } catch {
      return undefined;
    }
  }

  private disconnect(): void {
    const db = this.db;
    this.db = undefined;
    this.statements = undefined;
    this.inode = undefined;
    try {
      db?.close();
    } catch {
      // Closing a broken database can fail too; there is nothing left to release.
    }
  }

  /**
   * Counts dropped records and logs each loss at warn with its count as it happens; the cause is
   * logged at error at most once a minute while it lasts.
   */
  private fail(err: unknown, dropped: number): void {
    this.dropped += dropped;
    this.lostTotal += dropped;
    const e = err as { code?: string; message?: string };
    if (dropped > 0) {
      this.log.warn({ file: this.file, error: e.code ?? 'error', dropped, droppedTotal: this.lostTotal }, `${dropped} question outcomes were not stored (${this.lostTotal} since start)`);
    }
    const now = this.options.now();
    if (this.failing && now - this.lastErrorLog < ERROR_LOG_EVERY_MS) return;
    this.failing = true;
    this.lastErrorLog = now;
    const what = this.dropped > 0 ? `could not store ${this.dropped} question outcomes` : 'could not open the outcome database';
    this.log.error({ file: this.file, error: e.code ?? 'error', reason: e.message ?? String(err), dropped: this.dropped }, `${what}; the bot keeps answering`);
    this.dropped = 0;
  }
}

function prepare(db: Database.Database): Statements {
  return {
    outcome: db.prepare(
      `INSERT OR IGNORE INTO outcomes (answer_id, at, surface, via, kind, class, subject, citations, latency_ms, user_hash, question, question_length, delivered)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    clause: db.prepare('INSERT INTO clauses (id, quote) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET quote = excluded.quote'),
    // One vote per person per answer: a second click replaces the first.
    vote: db.prepare(
      `INSERT INTO feedback (answer_id, user_hash, vote, at, surface) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (answer_id, user_hash) DO UPDATE SET vote = excluded.vote, at = excluded.at`,
    ),
    prune: db.prepare('DELETE FROM outcomes WHERE at < ?'),
    pruneFeedback: db.prepare('DELETE FROM feedback WHERE at < ?'),
  };
}
