/** A store on a fresh temporary folder, with its log lines captured. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '../../src/runtime/logger.js';
import { SqliteStore, type SqliteStoreOptions } from '../../src/store/sqlite.js';
import type { OutcomeRecord } from '../../src/store/types.js';

export interface TempStore {
  dir: string;
  file: string;
  store: SqliteStore;
  logs: () => Record<string, unknown>[];
  /** Closes the store and removes the folder. */
  dispose(): void;
}

/** Opens a store in a new temporary folder. */
export function tempStore(options: Partial<Omit<SqliteStoreOptions, 'logger'>> = {}): TempStore {
  const dir = mkdtempSync(join(tmpdir(), 'ppb-store-'));
  const file = options.file ?? join(dir, 'data', 'peace-plan.db');
  const raw: string[] = [];
  const logger = createLogger({ level: 'debug', destination: { write: (line: string) => void raw.push(line) } });
  const store = new SqliteStore({ salt: 'test-salt-0123456789', retentionDays: 90, storeQuestionText: false, ...options, file, logger });
  return {
    dir,
    file,
    store,
    logs: () => raw.join('').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>),
    dispose() {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

let n = 0;
/** An outcome with sensible defaults. */
export function outcome(fields: Partial<OutcomeRecord> = {}): OutcomeRecord {
  n += 1;
  return {
    answerId: `answer-${n}`,
    at: Date.now(),
    surface: 'slack',
    via: 'mention',
    kind: 'answered',
    subject: [],
    citations: [{ id: 'plan-article:7.2', quote: 'prohibits NATO troop deployments in Ukraine' }],
    latencyMs: 0.2,
    userHash: 'u1',
    question: 'what about NATO?',
    questionLength: 16,
    delivered: true,
    ...fields,
  };
}
