/**
 * Opening the configured store. Kept apart from `record.ts` so that code which only records (the
 * logger, the adapters' handlers) does not load the native SQLite module.
 */
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import type { CoreConfig } from '../runtime/config.js';
import type { Logger } from '../runtime/logger.js';
import { PostgresStore } from './postgres.js';
import { SqliteStore } from './sqlite.js';
import type { RunningStore } from './types.js';

/** The database's file name inside `DATA_DIR`. */
export const DATABASE_FILE = 'peace-plan.db';

/** The database file a configuration points at. */
export function databaseFile(config: Pick<CoreConfig, 'DATA_DIR'>): string {
  return resolve(join(config.DATA_DIR, DATABASE_FILE));
}

/**
 * Opens the store a configuration asks for: PostgreSQL when `DATABASE_URL` is set (shared by every
 * replica), otherwise SQLite in `DATA_DIR`. Never throws: a database that cannot be opened is
 * logged and retried later while the bot answers. Without `USER_ID_SALT`, user ids are hashed with a
 * random salt that lives only as long as the process, so nothing stored can be linked to a person,
 * nor a person's answers linked across restarts (a vote after a restart counts as another person's).
 */
export function openStore(config: Pick<CoreConfig, 'DATA_DIR' | 'USER_ID_SALT' | 'RETENTION_DAYS' | 'STORE_QUESTION_TEXT' | 'DATABASE_URL'>, logger: Logger): RunningStore {
  if (config.USER_ID_SALT === undefined) {
    logger.warn('USER_ID_SALT is not set: user ids are hashed with a random salt until restart, so one vote per person holds only within a run');
  }
  const common = {
    salt: config.USER_ID_SALT ?? randomBytes(32).toString('hex'),
    retentionDays: config.RETENTION_DAYS,
    storeQuestionText: config.STORE_QUESTION_TEXT,
    logger,
  };
  if (config.DATABASE_URL) return new PostgresStore({ url: config.DATABASE_URL, ...common });
  return new SqliteStore({ file: databaseFile(config), ...common });
}
