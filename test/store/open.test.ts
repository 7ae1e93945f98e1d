import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, coreEnvSchema, parseEnv } from '../../src/runtime/config.js';
import { createLogger } from '../../src/runtime/logger.js';
import { databaseFile, openStore } from '../../src/store/open.js';
import { PostgresStore } from '../../src/store/postgres.js';
import { SqliteStore } from '../../src/store/sqlite.js';
import type { RunningStore } from '../../src/store/types.js';

const dirs: string[] = [];
const stores: RunningStore[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function open(env: Record<string, string>): { store: RunningStore; lines: Record<string, unknown>[] } {
  const dir = mkdtempSync(join(tmpdir(), 'ppb-open-'));
  dirs.push(dir);
  const raw: string[] = [];
  const logger = createLogger({ level: 'info', destination: { write: (l: string) => void raw.push(l) } });
  const store = openStore(parseEnv(coreEnvSchema, { DATA_DIR: dir, ...env }), logger);
  stores.push(store);
  return { store, lines: raw.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('the store configuration', () => {
  it('puts the database in DATA_DIR, ./data by default', () => {
    expect(databaseFile(parseEnv(coreEnvSchema, {}))).toBe(join(process.cwd(), 'data', 'peace-plan.db'));
    const { store } = open({});
    expect(store).toBeInstanceOf(SqliteStore);
    expect((store as SqliteStore).file).toMatch(/ppb-open-[^/]+\/peace-plan\.db$/);
  });

  it('without USER_ID_SALT, warns and hashes with a salt of its own, different in every process', () => {
    const a = open({});
    const b = open({});
    expect(a.lines.some((l) => l.level === 'warn' && String(l.msg).includes('USER_ID_SALT is not set'))).toBe(true);
    expect(a.store.hashUser('slack:T:U1')).not.toBe(b.store.hashUser('slack:T:U1'));
  });

  it('with USER_ID_SALT, hashes a user the same way in every process', () => {
    const salt = 'a-long-enough-secret-salt';
    expect(open({ USER_ID_SALT: salt }).store.hashUser('discord:1')).toBe(open({ USER_ID_SALT: salt }).store.hashUser('discord:1'));
  });

  it('reads STORE_QUESTION_TEXT as a boolean, off by default', () => {
    expect(open({}).store.storeQuestionText).toBe(false);
    expect(open({ STORE_QUESTION_TEXT: 'true' }).store.storeQuestionText).toBe(true);
  });

  it('with DATABASE_URL, stores in PostgreSQL instead of SQLite, and never logs its password', () => {
    const { store } = open({ DATABASE_URL: 'postgres://bot:hunter2-secret@127.0.0.1:1/nowhere' });
    expect(store).toBeInstanceOf(PostgresStore);
    expect(store.backend).toBe('postgres');
    expect((store as PostgresStore).label).not.toContain('hunter2');
  });

  it('names a bad RETENTION_DAYS, STORE_QUESTION_TEXT, DATABASE_URL or a short USER_ID_SALT', () => {
    for (const [name, value] of [['RETENTION_DAYS', '0'], ['STORE_QUESTION_TEXT', 'maybe'], ['USER_ID_SALT', 'short'], ['DATABASE_URL', 'mysql://x@y/z']] as const) {
      expect(() => parseEnv(coreEnvSchema, { [name]: value }), name).toThrow(ConfigError);
      try {
        parseEnv(coreEnvSchema, { [name]: value });
      } catch (err) {
        expect((err as ConfigError).variables).toEqual([name]);
      }
    }
  });
});
