/**
 * The outcome store in a real PostgreSQL (a throwaway cluster): the same schema and the same report
 * figures as SQLite, and an outage mid-run costs no record — they wait in memory and are written on
 * reconnect — while a full queue loses records one by one, each counted and logged at warn.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../src/runtime/logger.js';
import { readReportPostgres } from '../../src/store/pg-query.js';
import { PostgresStore, type PostgresStoreOptions } from '../../src/store/postgres.js';
import { readReport } from '../../src/store/query.js';
import { SQLITE_UNAVAILABLE } from '../helpers/sqlite.js';
import { postgresTestsRun, startPostgres, type PostgresServer } from '../helpers/postgres.js';
import { outcome, tempStore } from './helpers.js';

const DAY = 86_400_000;

describe.runIf(postgresTestsRun())('the PostgreSQL outcome store', { timeout: 60_000 }, () => {
  let server: PostgresServer;
  let database = 0;

  beforeAll(async () => {
    server = await startPostgres();
  });
  afterAll(async () => {
    await server?.destroy();
  });

  /** A store on a fresh database of the cluster, with its log lines captured. */
  async function fresh(options: Partial<PostgresStoreOptions> = {}): Promise<{ store: PostgresStore; url: string; logs: () => Record<string, unknown>[]; count: () => Promise<number> }> {
    const name = `t${++database}`;
    const admin = new pg.Client({ connectionString: server.url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = server.url.replace(/\/postgres$/, `/${name}`);
    const raw: string[] = [];
    const logger = createLogger({ level: 'debug', destination: { write: (l: string) => void raw.push(l) } });
    const store = new PostgresStore({ url, salt: 'test-salt-0123456789', retentionDays: 90, storeQuestionText: true, logger, retryMs: 100, ...options });
    const count = async (): Promise<number> => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      const n = (await c.query<{ n: number }>('SELECT count(*)::int AS n FROM outcomes')).rows[0]!.n;
      await c.end();
      return n;
    };
    return { store, url, logs: () => raw.join('').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>), count };
  }

  it.skipIf(SQLITE_UNAVAILABLE)('gives the same report as SQLite for the same records', async () => {
    const { store, url } = await fresh();
    const sqlite = tempStore({ storeQuestionText: true });
    const now = Date.now();
    const records = [
      ...[0, 1, 2].map((i) => outcome({ answerId: `g8-${i}`, kind: 'not-covered', subject: ['G8'], citations: [], at: now - i * 1000 })),
      outcome({ answerId: 'bop', kind: 'not-covered', subject: ['Board of Peace'], citations: [], surface: 'discord', via: 'slash', at: now - DAY }),
      outcome({ answerId: 'small', kind: 'smalltalk', citations: [], at: now }),
      outcome({ answerId: 'rated', question: 'What about NATO?', at: now }),
      outcome({ answerId: 'shared', via: 'share', at: now }),
      outcome({ answerId: 'old', at: now - 10 * DAY }),
    ];
    const votes = [
      { answerId: 'rated', userHash: 'u1', vote: 'up' as const, at: now, surface: 'slack' },
      { answerId: 'rated', userHash: 'u1', vote: 'down' as const, at: now, surface: 'slack' },
      { answerId: 'shared', userHash: 'u2', vote: 'down' as const, at: now, surface: 'slack' },
    ];
    for (const s of [store, sqlite.store]) {
      for (const r of records) s.record(r);
      for (const v of votes) s.feedback(v);
    }
    sqlite.store.flush();
    await store.close();
    const fromPg = await readReportPostgres(url, now - 7 * DAY, now + DAY);
    const fromSqlite = readReport(sqlite.file, now - 7 * DAY, now + DAY);
    sqlite.dispose();
    if (fromPg.status !== 'ok' || fromSqlite.status !== 'ok') throw new Error(`${fromPg.status} / ${fromSqlite.status}`);
    expect({ ...fromPg.data, file: '' }).toEqual({ ...fromSqlite.data, file: '' });
    expect(fromPg.data.questions).toBe(6);
    expect(fromPg.data.file).toContain('127.0.0.1');
  });

  it('reads an empty database as "missing" and a fresh schema as "empty"', async () => {
    const { store, url } = await fresh();
    await store.close();
    expect((await readReportPostgres(url, 0, Date.now())).status).toBe('empty');
    const other = server.url.replace(/\/postgres$/, '/template1');
    expect((await readReportPostgres(other, 0, Date.now())).status).toBe('missing');
  });

  it('loses no record when PostgreSQL stops for a few seconds mid-run, and says so at warn', async () => {
    const { store, logs, count } = await fresh();
    for (let i = 0; i < 200; i++) store.record(outcome({ answerId: `before-${i}` }));
    await store.flush();
    expect(await count()).toBe(200);
    await server.stop();
    for (let i = 0; i < 300; i++) store.record(outcome({ answerId: `during-${i}` }));
    await vi.waitFor(() => expect(store.status().reachable).toBe(false), { timeout: 10_000 });
    expect(store.status()).toMatchObject({ queued: 300, lost: 0, fallback: true });
    await new Promise((r) => setTimeout(r, 2000));
    await server.start();
    for (let i = 0; i < 100; i++) store.record(outcome({ answerId: `after-${i}` }));
    await vi.waitFor(() => expect(store.status()).toMatchObject({ reachable: true, queued: 0 }), { timeout: 20_000, interval: 100 });
    expect(await count()).toBe(600);
    expect(store.status().lost).toBe(0);
    const warnings = logs().filter((l) => l.level === 'warn').map((l) => String(l.msg));
    expect(warnings.some((m) => m.includes('PostgreSQL is unreachable'))).toBe(true);
    expect(warnings.some((m) => m.includes('reachable again'))).toBe(true);
    await store.close();
  });

  it('past its cap, counts each lost record and logs the count at warn; the queued ones are still written', async () => {
    const { store, logs, count } = await fresh({ maxQueue: 50 });
    await store.flush();
    await server.stop();
    try {
      for (let i = 0; i < 80; i++) store.record(outcome({ answerId: `capped-${i}` }));
      expect(store.status()).toMatchObject({ queued: 50, lost: 30, fallback: false });
      // The first loss is logged at once; a flood is summed up at most once a second after that.
      const first = logs().find((l) => l.level === 'warn' && typeof l.lostTotal === 'number');
      expect(first).toMatchObject({ lost: 1, lostTotal: 1 });
      expect(String(first?.msg)).toContain('1 question outcomes were lost');
    } finally {
      await server.start();
    }
    await vi.waitFor(() => expect(store.status().queued).toBe(0), { timeout: 20_000, interval: 100 });
    expect(await count()).toBe(50);
    await store.close();
    const losses = logs().filter((l) => l.level === 'warn' && typeof l.lostTotal === 'number');
    expect(losses.reduce((n, l) => n + Number(l.lost), 0)).toBe(30);
    expect(losses.at(-1)).toMatchObject({ lostTotal: 30 });
  });
});
