/**
 * The schema in PostgreSQL: the same migrations as SQLite (`migrations/`), in their `postgres`
 * dialect, with the version kept in a one-row table (PostgreSQL has no `user_version`).
 */
import type pg from 'pg';
import { SchemaTooNewError } from './migrate.js';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations/index.js';

// Any constant will do; it only has to be the same in every replica, so that two replicas starting
// at once against an empty database do not both create the tables.
const MIGRATION_LOCK = 7_281_120_250;

/** The schema version of a database (0 when the bot never wrote to it). */
export async function schemaVersionPostgres(client: pg.ClientBase): Promise<number> {
  const exists = await client.query<{ t: string | null }>("SELECT to_regclass('ppb_schema_version')::text AS t");
  if (exists.rows[0]?.t === null || exists.rows[0] === undefined) return 0;
  const row = await client.query<{ version: number }>('SELECT version FROM ppb_schema_version');
  return row.rows[0]?.version ?? 0;
}

/**
 * Brings a PostgreSQL database up to {@link SCHEMA_VERSION} in one transaction under an advisory
 * lock. Throws {@link SchemaTooNewError} for a newer schema; `label` names the database in it.
 */
export async function migratePostgres(client: pg.ClientBase, label: string): Promise<number> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query('CREATE TABLE IF NOT EXISTS ppb_schema_version (version INTEGER NOT NULL)');
    const current = await schemaVersionPostgres(client);
    if (current > SCHEMA_VERSION) throw new SchemaTooNewError(label, current);
    for (const m of MIGRATIONS) if (m.version > current) await client.query(m.postgres);
    if (current < SCHEMA_VERSION) {
      await client.query('DELETE FROM ppb_schema_version');
      await client.query('INSERT INTO ppb_schema_version (version) VALUES ($1)', [SCHEMA_VERSION]);
    }
    await client.query('COMMIT');
    return SCHEMA_VERSION;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  }
}

/** A database URL fit for logs and reports: the password left out. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres (unparsable URL)';
  }
}
