import { chmodSync, rmSync, writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MIGRATIONS, SCHEMA_VERSION } from '../../src/store/migrations/index.js';
import { readReport } from '../../src/store/query.js';
import { outcome, tempStore, type TempStore } from './helpers.js';
import { SQLITE_UNAVAILABLE } from '../helpers/sqlite.js';

const open: TempStore[] = [];
function make(...args: Parameters<typeof tempStore>): TempStore {
  const t = tempStore(...args);
  open.push(t);
  return t;
}
afterEach(() => {
  vi.restoreAllMocks();
  for (const t of open.splice(0)) t.dispose();
});

const rows = (file: string, sql: string): Record<string, unknown>[] => {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare(sql).all() as Record<string, unknown>[];
  } finally {
    db.close();
  }
};
const later = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(SQLITE_UNAVAILABLE)('SqliteStore', () => {
  it('numbers its migrations 1, 2, 3… with no gap, each with SQL', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
    for (const m of MIGRATIONS) expect(m.up.trim()).not.toBe('');
  });

  it('creates the folder and the schema, at the current version', () => {
    const { file } = make();
    expect(rows(file, 'PRAGMA user_version')[0]).toEqual({ user_version: SCHEMA_VERSION });
  });

  it('writes after the caller has returned, on a later turn of the event loop', async () => {
    const { store, file } = make({ flushDelayMs: 1 });
    store.record(outcome({ answerId: 'later' }));
    expect(rows(file, 'SELECT answer_id FROM outcomes')).toEqual([]);
    await later(50);
    expect(rows(file, 'SELECT answer_id FROM outcomes')).toEqual([{ answer_id: 'later' }]);
  });

  it('keeps one vote per person per answer: 👍 then 👎 leaves the 👎', () => {
    const { store, file } = make();
    store.record(outcome({ answerId: 'a1' }));
    store.feedback({ answerId: 'a1', userHash: store.hashUser('slack:T:U1'), vote: 'up', at: Date.now(), surface: 'slack' });
    store.feedback({ answerId: 'a1', userHash: store.hashUser('slack:T:U1'), vote: 'down', at: Date.now(), surface: 'slack' });
    store.feedback({ answerId: 'a1', userHash: store.hashUser('slack:T:U2'), vote: 'up', at: Date.now(), surface: 'slack' });
    store.flush();
    expect(rows(file, 'SELECT vote FROM feedback ORDER BY vote')).toEqual([{ vote: -1 }, { vote: 1 }]);
  });

  it('stores question text only when allowed, and never a raw user id', () => {
    const quiet = make();
    quiet.store.record(outcome({ answerId: 'q', question: 'secret question', userHash: quiet.store.hashUser('slack:T:U123') }));
    quiet.store.flush();
    const [row] = rows(quiet.file, 'SELECT question, question_length, user_hash FROM outcomes');
    expect(row).toMatchObject({ question: null, question_length: 16 });
    expect(String(row!.user_hash)).not.toContain('U123');

    const loud = make({ storeQuestionText: true });
    loud.store.record(outcome({ answerId: 'q', question: 'kept question' }));
    loud.store.flush();
    expect(rows(loud.file, 'SELECT question FROM outcomes')).toEqual([{ question: 'kept question' }]);
  });

  it('hashes a user id the same way under one salt and differently under another', () => {
    const a = make({ salt: 'salt-one-0123456789' }).store;
    const b = make({ salt: 'salt-two-0123456789' }).store;
    expect(a.hashUser('discord:42')).toBe(a.hashUser('discord:42'));
    expect(a.hashUser('discord:42')).not.toBe(b.hashUser('discord:42'));
  });

  it('prunes outcomes and votes older than RETENTION_DAYS', () => {
    const { store, file } = make({ retentionDays: 90 });
    const old = Date.now() - 91 * 86_400_000;
    store.record(outcome({ answerId: 'old', at: old }));
    store.feedback({ answerId: 'old', userHash: 'u', vote: 'down', at: old, surface: 'slack' });
    store.record(outcome({ answerId: 'new' }));
    store.flush();
    // Pruning runs at open and then hourly; a reopened store prunes at once.
    const again = make({ file, retentionDays: 90 });
    again.store.close();
    expect(rows(file, 'SELECT answer_id FROM outcomes')).toEqual([{ answer_id: 'new' }]);
    expect(rows(file, 'SELECT * FROM feedback')).toEqual([]);
  });

  it('refuses a database written by a newer schema, and keeps accepting records without throwing', () => {
    const first = make();
    first.store.close();
    const db = new Database(first.file);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    const newer = make({ file: first.file });
    expect(() => newer.store.record(outcome())).not.toThrow();
    newer.store.flush();
    expect(newer.store.healthy).toBe(false);
    expect(newer.logs().some((l) => l.level === 'error' && String(l.msg).includes('newer than this code knows'))).toBe(true);
    expect(() => readReport(first.file, 0, Date.now())).toThrow(/newer than this code knows/);
  });

  it('starts a new file when its file is deleted while open, saying so', () => {
    const { store, file, logs } = make();
    store.record(outcome({ answerId: 'before' }));
    store.flush();
    for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
    store.record(outcome({ answerId: 'after' }));
    store.flush();
    expect(rows(file, 'SELECT answer_id FROM outcomes')).toEqual([{ answer_id: 'after' }]);
    expect(logs().some((l) => l.level === 'error' && String(l.msg).includes('deleted or replaced'))).toBe(true);
  });

  it('logs and counts what it could not store when the database cannot be opened, and never throws', () => {
    const t = make();
    t.store.close();
    // The data folder becomes a plain file: nothing can be created under it.
    rmSync(`${t.dir}/data`, { recursive: true, force: true });
    writeFileSync(`${t.dir}/data`, 'not a folder');
    const broken = make({ file: t.file });
    expect(() => {
      broken.store.record(outcome());
      broken.store.record(outcome());
      broken.store.flush();
    }).not.toThrow();
    expect(broken.logs().filter((l) => l.level === 'error').length).toBeGreaterThan(0);
    // Failures are logged at most once a minute; what was dropped meanwhile is counted at the next line or at close.
    broken.store.close();
    expect(broken.logs().filter((l) => l.level === 'error').at(-1)).toMatchObject({ dropped: 2 });
  });

  it('on a full disk logs every lost record at warn with its count as it happens, and no line that reads as success', () => {
    const { store, logs } = make();
    // What better-sqlite3 throws when the disk (a 400 KB tmpfs) is full, for every write from now on.
    const full = Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
    vi.spyOn(Database.prototype, 'transaction').mockImplementation((() => () => {
      throw full;
    }) as never);
    const before = logs().length;
    for (let i = 0; i < 120; i++) {
      store.record(outcome());
      store.flush();
    }
    const lines = logs().slice(before);
    const counted = lines.filter((l) => l.level === 'warn' && typeof l.dropped === 'number').reduce((n, l) => n + (l.dropped as number), 0);
    expect(counted).toBe(120);
    expect(lines.filter((l) => l.level === 'warn').at(-1)).toMatchObject({ droppedTotal: 120 });
    expect(lines.filter((l) => /storing question outcomes/.test(String(l.msg)))).toEqual([]);
    expect(store.droppedTotal).toBe(120);
  });

  it('logs a corrupt database and keeps accepting records', () => {
    const { store, file, logs } = make();
    store.record(outcome());
    store.flush();
    store.close();
    writeFileSync(file, Buffer.alloc(8192, 7));
    const corrupt = make({ file });
    expect(() => {
      corrupt.store.record(outcome());
      corrupt.store.flush();
    }).not.toThrow();
    expect(corrupt.logs().some((l) => l.level === 'error')).toBe(true);
    expect(logs().every((l) => l.level !== 'fatal')).toBe(true);
  });

  it.skipIf(process.getuid?.() === 0)('logs a read-only database file and keeps accepting records', () => {
    const { store, file } = make();
    store.close();
    chmodSync(file, 0o444);
    const ro = make({ file });
    ro.store.record(outcome());
    ro.store.flush();
    expect(ro.logs().some((l) => l.level === 'error')).toBe(true);
  });
});
