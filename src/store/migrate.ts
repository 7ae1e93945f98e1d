import type Database from 'better-sqlite3';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations/index.js';

/** The database was written by a newer version of the bot; this code must not touch it. */
export class SchemaTooNewError extends Error {
  constructor(
    readonly file: string,
    readonly found: number,
  ) {
    super(
      `${file} has schema version ${found}, newer than this code knows (${SCHEMA_VERSION}): ` +
        'it was written by a newer peace-plan-bot. Upgrade this one, or point DATA_DIR at another folder.',
    );
    this.name = 'SchemaTooNewError';
  }
}

/**
 * Brings a database up to {@link SCHEMA_VERSION}, each migration in its own transaction, the version
 * kept in SQLite's `user_version`. Refuses (throws {@link SchemaTooNewError}) a newer schema.
 */
export function migrate(db: Database.Database, file: string): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > SCHEMA_VERSION) throw new SchemaTooNewError(file, current);
  for (const m of MIGRATIONS) {
    if (m.version <= current) continue;
    db.transaction(() => {
      db.exec(m.up);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
  return SCHEMA_VERSION;
}

/** Reads a database's schema version without changing it (0 for a new, empty file). */
export function schemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}
