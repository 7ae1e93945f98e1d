// npm run fuzz: 100,000 generated questions through the core and both renderers, then the state-file
// fuzz (random and truncated conversation files, retries and, where redis-server is installed, random
// Redis outages) through the Slack listeners; prints the counts.
import { spawnSync } from 'node:child_process';
import { PlanBot } from '../src/dialogue/bot.js';
import { createLogger } from '../src/runtime/logger.js';
import { MemoryState } from '../src/state/memory-state.js';
import { RedisState } from '../src/state/redis-state.js';
import { startRedis } from '../test/helpers/redis-server.js';
import { fuzz } from '../test/fuzz/properties.js';
import { fuzzState, type StateFuzzResult } from '../test/fuzz/state.js';

const runs = Number(process.argv[2] ?? 100_000);
const seed = Number(process.argv[3] ?? Date.now() % 1_000_000);
const started = performance.now();
let shown = 0;
const { cases, failures } = fuzz(runs, seed, (question, problems) => {
  if (shown++ < 10) console.log(`FAIL ${JSON.stringify(question.slice(0, 200))}: ${problems.join('; ')}`);
});
console.log(`fuzz: seed ${seed}, ${cases} cases, ${failures} failures, ${((performance.now() - started) / 1000).toFixed(1)} s`);

// Each state case is a full Slack delivery (and maybe a retry), so a hundredth as many.
const stateRuns = Math.max(100, Math.floor(runs / 100));
const report = (what: string, result: StateFuzzResult, since: number): number => {
  for (const problem of result.problems.slice(0, 10)) console.log(`FAIL ${what}: ${problem}`);
  console.log(`fuzz ${what}: seed ${seed}, ${result.cases} messages, ${result.problems.length} not answered exactly once, ${((performance.now() - since) / 1000).toFixed(1)} s`);
  return result.problems.length;
};
const bot = PlanBot.load({ rateLimit: { perMinute: 0 } });
let stateFailures = 0;
let since = performance.now();
stateFailures += report('state files', await fuzzState(bot, stateRuns, seed, { state: new MemoryState() }), since);
if (spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0) {
  since = performance.now();
  const redis = await startRedis();
  const state = new RedisState({ url: redis.url, perMinute: 0, logger: createLogger({ level: 'silent' }) });
  try {
    await state.ready();
    const outage = async (): Promise<void> => {
      await redis.kill();
      await redis.restart();
      await state.ready(5000);
    };
    stateFailures += report('state files with Redis outages', await fuzzState(bot, Math.ceil(stateRuns / 2), seed + 1, { state, outage }), since);
  } finally {
    await state.close();
    await redis.stop();
  }
} else {
  console.log('fuzz: redis-server is not installed; the Redis outage fuzz was skipped');
}
process.exit(failures || stateFailures ? 1 : 0);
