/**
 * The shared store: outcomes and feedback in PostgreSQL (node-postgres, pooled), for many replicas
 * writing to one database. The API stays synchronous like SQLite's: a record joins an in-memory
 * queue and returns at once; a single writer drains the queue in batches. While PostgreSQL is
 * unreachable the queue holds the records (up to a cap) and the writer retries; on reconnect it
 * flushes them in order. Only a record that finds the queue full (or the store closed) is lost, and
 * every loss is counted and logged at warn with the count.
 */
import { createHmac } from 'node:crypto';
import pg from 'pg';
import type { Logger } from '../runtime/logger.js';
import { SchemaTooNewError } from './migrate.js';
import { migratePostgres, redactUrl } from './pg-migrate.js';
import { outcomeClass, type FeedbackRecord, type OutcomeRecord, type RunningStore, type StoreStatus } from './types.js';

/** What {@link PostgresStore} needs. */
export interface PostgresStoreOptions {
  /** `postgres://` URL (`DATABASE_URL`). */
  url: string;
  salt: string;
  retentionDays: number;
  storeQuestionText: boolean;
  logger: Logger;
  /** Records held in memory at most while PostgreSQL is away; beyond this each is lost and counted. Default 10,000. */
  maxQueue?: number;
  /** Wait between the first queued record and the write, so that one batch takes many. Default 20 ms. */
  flushDelayMs?: number;
  /** Wait between attempts while PostgreSQL is unreachable. Default 1 s. */
  retryMs?: number;
  /** Records per transaction. Default 500. */
  batchSize?: number;
  /** Connections in the pool. Default 4: one writer, plus readiness probes. */
  poolSize?: number;
  now?: () => number;
}

type Item = { type: 'outcome'; record: OutcomeRecord } | { type: 'feedback'; record: FeedbackRecord };

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
/** Losses are logged at most this often (with the count since the last line), so a flood is one line a second. */
const LOSS_LOG_EVERY_MS = 1000;

/**
 * An {@link OutcomeStore} in PostgreSQL.
 *
 * @example
 * const store = new PostgresStore({ url: process.env.DATABASE_URL, salt, retentionDays: 90, storeQuestionText: false, logger });
 * store.record(outcome); // returns at once
 * await store.close();   // writes what is queued
 */
export class PostgresStore implements RunningStore {
  readonly backend = 'postgres' as const;
  /** The database, password left out: for logs and the report. */
  readonly label: string;
  readonly storeQuestionText: boolean;
  private readonly options: Required<Omit<PostgresStoreOptions, 'logger' | 'url'>>;
  private readonly log: Logger;
  private readonly pool: pg.Pool;
  private queue: Item[] = [];
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> | undefined;
  private migrated = false;
  private refused: Error | undefined;
  private reachable = true;
  private closed = false;
  private lost = 0;
  private lostUnlogged = 0;
  private lastReason = '';
  private lastLossLog = -Infinity;
  private nextPrune = 0;

  constructor(options: PostgresStoreOptions) {
    this.options = { maxQueue: 10_000, flushDelayMs: 20, retryMs: 1000, batchSize: 500, poolSize: 4, now: Date.now, ...options };
    this.label = redactUrl(options.url);
    this.storeQuestionText = options.storeQuestionText;
    this.log = options.logger.child({ component: 'store', backend: 'postgres' });
    this.pool = new pg.Pool({
      connectionString: options.url,
      max: this.options.poolSize,
      // Fail fast while the server is away: the queue, not a waiting connection, holds the records.
      connectionTimeoutMillis: 2000,
      query_timeout: 10_000,
      idleTimeoutMillis: 10_000,
      application_name: 'peace-plan-bot',
    });
    // An idle connection dies with the server; the next write notices and retries.
    this.pool.on('error', (err) => this.log.debug({ reason: err.message }, 'idle PostgreSQL connection closed'));
    // Connect and migrate at once, so that a wrong URL is logged at start rather than at the first question.
    this.schedule(0);
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

  status(): StoreStatus {
    return { backend: 'postgres', reachable: this.reachable && this.refused === undefined, queued: this.queue.length, lost: this.lost, fallback: this.refused === undefined && this.queue.length < this.options.maxQueue };
  }

  async ping(timeoutMs: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs).unref()));
    const answer = this.pool.query('SELECT 1').then(() => true, () => false);
    try {
      return await Promise.race([answer, late]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Writes everything queued, unless PostgreSQL is unreachable (then it stays queued). For scripts and tests. */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    do await this.drain();
    while (this.queue.length > 0 && this.reachable && !this.refused);
  }

  /** Writes what is queued (giving up after `timeoutMs`, the rest counted as lost) and closes the pool. */
  async close(timeoutMs = 3000): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.flush(), new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
    clearTimeout(timer);
    clearTimeout(this.timer);
    if (this.queue.length > 0) this.lose(this.queue.splice(0).length, 'the store closed before PostgreSQL took them', true);
    else this.logLosses(true);
    await this.pool.end().catch(() => {});
  }

  private enqueue(item: Item): void {
    if (this.closed) return this.lose(1, 'the store is closed');
    if (this.refused) return this.lose(1, this.refused.message);
    if (this.queue.length >= this.options.maxQueue) return this.lose(1, `${this.options.maxQueue} records already wait for PostgreSQL`);
    this.queue.push(item);
    this.schedule(this.options.flushDelayMs);
  }

  /** Starts the writer after `ms`, unless it runs or is already due (a retry timer is left alone). */
  private schedule(ms: number): void {
    if (this.timer || this.writing || this.closed) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.drain();
    }, ms).unref();
  }

  /** The one writer: batches in order until the queue is empty or PostgreSQL fails. */
  private drain(): Promise<void> {
    this.writing ??= (async () => {
      try {
        while (!this.migrated || this.queue.length > 0) {
          const batch = this.queue.slice(0, this.options.batchSize);
          await this.write(batch);
          // Only the writer removes from the front; records queued meanwhile are behind the batch.
          this.queue.splice(0, batch.length);
          if (!this.reachable) {
            this.reachable = true;
            this.log.warn({ database: this.label, queued: this.queue.length, lost: this.lost }, 'PostgreSQL is reachable again; writing the queued question outcomes');
          }
        }
        this.logLosses(true);
      } catch (err) {
        this.failed(err);
      } finally {
        this.writing = undefined;
      }
      if (this.queue.length > 0 && !this.refused && !this.closed) this.schedule(this.reachable ? 0 : this.options.retryMs);
    })();
    return this.writing;
  }

  private async write(batch: Item[]): Promise<void> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    // A server shutting down reports it on the connection, even between queries; without a listener
    // that would crash the process. The failing query reports it too, and that is what is handled.
    const onError = (err: Error): void => void (broken = err);
    client.on('error', onError);
    try {
      if (!this.migrated) {
        await migratePostgres(client, this.label);
        this.migrated = true;
        this.log.info({ database: this.label }, 'storing question outcomes in PostgreSQL');
      }
      if (batch.length === 0) return;
      await client.query('BEGIN');
      await insertBatch(client, batch, this.storeQuestionText);
      const now = this.options.now();
      if (now >= this.nextPrune) await this.prune(client, now);
      await client.query('COMMIT');
    } catch (err) {
      broken = err instanceof Error ? err : new Error(String(err));
      await client.query('ROLLBACK').catch(() => {});
      throw err;
    } finally {
      // A connection that failed mid-transaction is discarded, not returned to the pool.
      client.off('error', onError);
      client.release(broken);
    }
  }

  private async prune(client: pg.PoolClient, now: number): Promise<void> {
    const before = now - this.options.retentionDays * DAY_MS;
    const outcomes = (await client.query('DELETE FROM outcomes WHERE at < $1', [before])).rowCount ?? 0;
    const votes = (await client.query('DELETE FROM feedback WHERE at < $1', [before])).rowCount ?? 0;
    this.nextPrune = now + HOUR_MS;
    if (outcomes + votes > 0) this.log.info({ outcomes, votes, retentionDays: this.options.retentionDays }, 'pruned old records');
  }

  private failed(err: unknown): void {
    if (err instanceof SchemaTooNewError) {
      this.refused = err;
      this.log.error({ database: this.label, schemaVersion: err.found }, `${err.message} Outcomes will not be stored; the bot keeps answering.`);
      this.lose(this.queue.splice(0).length, err.message);
      return;
    }
    const e = err as { code?: string; message?: string };
    if (this.reachable) {
      this.log.warn(
        { database: this.label, error: e.code ?? 'error', reason: e.message ?? String(err), queued: this.queue.length, maxQueue: this.options.maxQueue },
        `PostgreSQL is unreachable; question outcomes wait in memory (up to ${this.options.maxQueue}) and are written when it returns`,
      );
    }
    this.reachable = false;
  }

  /** Counts lost records and logs them at warn, with the count, at most once a second. */
  private lose(n: number, reason: string, force = false): void {
    if (n === 0) return;
    this.lost += n;
    this.lostUnlogged += n;
    this.lastReason = reason;
    this.logLosses(force);
  }

  private logLosses(force: boolean): void {
    const now = this.options.now();
    if (this.lostUnlogged === 0 || (!force && now - this.lastLossLog < LOSS_LOG_EVERY_MS)) return;
    this.log.warn({ database: this.label, lost: this.lostUnlogged, lostTotal: this.lost, reason: this.lastReason }, `${this.lostUnlogged} question outcomes were lost (${this.lost} since start): ${this.lastReason}`);
    this.lostUnlogged = 0;
    this.lastLossLog = now;
  }
}

/** One batch in three statements, whatever its size: arrays unnested server-side. Idempotent on retry. */
async function insertBatch(client: pg.PoolClient, batch: Item[], storeQuestionText: boolean): Promise<void> {
  const outcomes = batch.flatMap((i) => (i.type === 'outcome' ? [i.record] : []));
  if (outcomes.length > 0) {
    const col = <T>(f: (o: OutcomeRecord) => T): T[] => outcomes.map(f);
    await client.query(
      `INSERT INTO outcomes (answer_id, at, surface, via, kind, class, subject, citations, latency_ms, user_hash, question, question_length, delivered)
       SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::jsonb[], $8::jsonb[], $9::float8[], $10::text[], $11::text[], $12::int[], $13::bool[])
       ON CONFLICT (answer_id) DO NOTHING`,
      [
        col((o) => o.answerId), col((o) => o.at), col((o) => o.surface), col((o) => o.via), col((o) => o.kind), col((o) => outcomeClass(o.kind)),
        col((o) => JSON.stringify(o.subject)), col((o) => JSON.stringify(o.citations.map((c) => c.id))), col((o) => o.latencyMs),
        col((o) => o.userHash ?? null), col((o) => (storeQuestionText ? (o.question ?? null) : null)), col((o) => o.questionLength), col((o) => o.delivered ?? null),
      ],
    );
    // The latest quote of each clause wins, as in SQLite; one row per id, as ON CONFLICT requires.
    const clauses = new Map(outcomes.flatMap((o) => o.citations.map((c) => [c.id, c.quote] as const)));
    if (clauses.size > 0) {
      await client.query('INSERT INTO clauses (id, quote) SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT (id) DO UPDATE SET quote = excluded.quote', [[...clauses.keys()], [...clauses.values()]]);
    }
  }
  // One vote per person per answer: the batch's last click wins, then replaces any stored one.
  const votes = new Map(batch.flatMap((i) => (i.type === 'feedback' ? [[`${i.record.answerId}\n${i.record.userHash}`, i.record] as const] : [])));
  if (votes.size > 0) {
    const v = [...votes.values()];
    await client.query(
      `INSERT INTO feedback (answer_id, user_hash, vote, at, surface) SELECT * FROM unnest($1::text[], $2::text[], $3::smallint[], $4::bigint[], $5::text[])
       ON CONFLICT (answer_id, user_hash) DO UPDATE SET vote = excluded.vote, at = excluded.at`,
      [v.map((f) => f.answerId), v.map((f) => f.userHash), v.map((f) => (f.vote === 'up' ? 1 : -1)), v.map((f) => f.at), v.map((f) => f.surface)],
    );
  }
}
