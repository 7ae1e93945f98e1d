/**
 * Every schema migration, oldest first. A migration is a file of its own and is never edited once
 * released: a change to the schema is a new file with the next version, added here.
 */
import * as m001 from './001-initial.js';

/**
 * One step of the schema: the SQL that brings version `version - 1` to `version`, for SQLite (`up`)
 * and for PostgreSQL (`postgres`). Both bring the same tables to the same version number, so that a
 * report reads either the same way; only column types differ between the two dialects.
 */
export interface Migration {
  version: number;
  up: string;
  postgres: string;
}

export const MIGRATIONS: readonly Migration[] = [m001];

/** The schema version this code writes. */
export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
