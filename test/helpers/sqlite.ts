import { createRequire } from 'node:module';

/**
 * True only when `.ci/run`'s second pass on another Node version says the native SQLite addon may
 * be missing (PPB_SQLITE_OPTIONAL=1) and it really cannot load: better-sqlite3 is compiled for the
 * Node that ran `npm ci`, and this machine cannot fetch another Node's headers to rebuild it. Tests
 * that need the store skip then, loudly; on the machine's own Node they always run.
 */
export const SQLITE_UNAVAILABLE = process.env.PPB_SQLITE_OPTIONAL === '1' && !sqliteLoads();

function sqliteLoads(): boolean {
  try {
    const Database = createRequire(import.meta.url)('better-sqlite3') as new (file: string) => { close(): void };
    new Database(':memory:').close();
    return true;
  } catch {
    process.stderr.write(`tests: better-sqlite3 cannot load on Node ${process.version}; the tests that need the outcome store are skipped in this pass\n`);
    return false;
  }
}
