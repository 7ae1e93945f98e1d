/**
 * Seeds an outcome database with realistic traffic for trying `npm run report`: questions from the
 * test fixtures plus near-miss questions about things the corpus does not cover, answered by the
 * real core, spread over the last days across Slack and Discord, with some 👍/👎. Deterministic
 * (a seeded generator), so two runs give the same report apart from the dates.
 *
 *   npm run report:seed -- --db /tmp/seed.db --count 1000 --days 7
 *
 * Without --db it writes where the bots record: PostgreSQL at DATABASE_URL when set (its tables
 * emptied first unless --no-fresh), otherwise DATA_DIR/peace-plan.db.
 */
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { PlanBot } from '../src/dialogue/bot.js';
import { coreEnvSchema, parseEnv } from '../src/runtime/config.js';
import { createLogger } from '../src/runtime/logger.js';
import { databaseFile } from '../src/store/open.js';
import { newAnswerId, recordFeedback, recordOutcome } from '../src/store/record.js';
import { PostgresStore } from '../src/store/postgres.js';
import { SqliteStore } from '../src/store/sqlite.js';
import type { RunningStore } from '../src/store/types.js';

const { values } = parseArgs({
  options: { db: { type: 'string' }, count: { type: 'string', default: '1000' }, days: { type: 'string', default: '7' }, fresh: { type: 'boolean', default: true } },
  allowNegative: true,
});
const env = parseEnv(coreEnvSchema.pick({ DATA_DIR: true, DATABASE_URL: true }), process.env);
const url = values.db === undefined ? env.DATABASE_URL : undefined;
const file = values.db ?? databaseFile(env);
const count = Number(values.count);
const days = Number(values.days);

// Mulberry32: a small seeded generator, so the seeded database is the same every run.
let seed = 20251120;
function random(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

const fixtures = readdirSync('test/fixtures')
  .filter((f) => f.endsWith('.jsonl'))
  .flatMap((f) => readFileSync(`test/fixtures/${f}`, 'utf8').split('\n').filter(Boolean))
  .map((line) => (JSON.parse(line) as { q: string }).q);
// What people ask that the summary does not cover, weighted by repetition.
const nearMiss = [
  ...Array(14).fill('Does Russia rejoin the G8?'),
  ...Array(9).fill('Who sits on the Board of Peace?'),
  ...Array(7).fill('Is there a referendum in Ukraine?'),
  ...Array(5).fill('What happens to the Zaporizhzhia nuclear plant electricity?'),
  ...Array(4).fill('What does it say about Syria?'),
  ...Array(3).fill('Does Ukraine get Patriot missiles?'),
  ...Array(3).fill('What about the Black Sea grain corridor?'),
  'Will Belarus be involved?',
  'What about Moldova and Transnistria?',
  'Does it mention Georgia?',
  'Is there an amnesty for war crimes?',
];
const smallTalk = ['hi', 'thanks!', 'help', 'topics', 'sources', 'clause 7.2'];

const logger = createLogger({ level: 'warn', name: 'seed' });
const options = { salt: 'seed-salt-0123456789', retentionDays: 3650, storeQuestionText: true, logger };
let store: RunningStore;
if (url !== undefined) {
  if (values.fresh) await emptyPostgres(url);
  // A seed is one burst far larger than live traffic: let it all wait in memory while it is written.
  store = new PostgresStore({ url, ...options, maxQueue: 2 * count + 100 });
} else {
  if (values.fresh) for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
  store = new SqliteStore({ file, ...options });
}

/** Empties the store's tables, if the bot ever created them. */
async function emptyPostgres(at: string): Promise<void> {
  const client = new pg.Client({ connectionString: at });
  await client.connect();
  try {
    const exists = (await client.query<{ t: string | null }>("SELECT to_regclass('outcomes')::text AS t")).rows[0]?.t;
    if (exists) await client.query('TRUNCATE outcomes, clauses, feedback');
  } finally {
    await client.end();
  }
}
const bot = PlanBot.load({ rateLimit: { perMinute: 0 } });
const now = Date.now();
const surfaces = [
  { surface: 'slack', vias: ['mention', 'command', 'dm'] },
  { surface: 'discord', vias: ['slash', 'mention'] },
] as const;
let votes = 0;
for (let i = 0; i < count; i++) {
  const r = random();
  const question = r < 0.62 ? pick(fixtures) : r < 0.9 ? pick(nearMiss) : pick(smallTalk);
  // Traffic grows towards today, with a quieter weekend-ish dip.
  const dayAgo = Math.floor(Math.pow(random(), 1.4) * days);
  const at = now - dayAgo * 86_400_000 - Math.floor(random() * 86_400_000 * (dayAgo === 0 ? 0.5 : 1));
  const where = random() < 0.6 ? surfaces[0] : surfaces[1];
  const user = `${where.surface}:user${Math.floor(random() * 120)}`;
  const started = performance.now();
  const answer = bot.ask(question);
  const answerId = newAnswerId();
  recordOutcome(store, { surface: where.surface, via: pick(where.vias), answer, answerId, latencyMs: performance.now() - started, user, delivered: true, at });
  if (random() < 0.12 && (answer.kind === 'answered' || answer.kind === 'not-covered')) {
    // People rate refusals and answers quoting the wrong clause down more often.
    const down = answer.kind === 'not-covered' ? random() < 0.6 : random() < 0.25;
    recordFeedback(store, { surface: where.surface, answerId, user, vote: down ? 'down' : 'up', at: at + 30_000 });
    votes++;
  }
}
if (store instanceof PostgresStore) await store.flush();
await store.close();
const lost = store.status().lost;
if (lost > 0) throw new Error(`${lost} seeded records could not be written`);
process.stdout.write(`seeded ${count} questions and ${votes} votes over ${days} days into ${store instanceof PostgresStore ? store.label : file}\n`);
