import { describe, expect, it } from 'vitest';
import { PlanBot } from '../../src/dialogue/bot.js';
import { createLogger } from '../../src/runtime/logger.js';
import { MemoryState } from '../../src/state/memory-state.js';
import { RedisState } from '../../src/state/redis-state.js';
import { redisTestsRun, startRedis } from '../helpers/redis-server.js';
import { fuzzState } from './state.js';

const bot = PlanBot.load({ rateLimit: { perMinute: 0 } });

describe('fuzzing the conversation files and shared state under the Slack listeners (issue 22)', () => {
  it('answers every message exactly once whatever the conversation file holds (300 messages)', async () => {
    const { cases, problems } = await fuzzState(bot, 300, 20251205, { state: new MemoryState() });
    expect(cases).toBe(300);
    expect(problems.slice(0, 5)).toEqual([]);
  });

  it.runIf(redisTestsRun())('answers every message exactly once through random Redis outages and empty restarts (150 messages)', { timeout: 60_000 }, async () => {
    const redis = await startRedis();
    const state = new RedisState({ url: redis.url, perMinute: 0, logger: createLogger({ level: 'silent' }) });
    try {
      await state.ready();
      const { problems } = await fuzzState(bot, 150, 7, {
        state,
        outage: async () => {
          await redis.kill();
          await redis.restart();
          // Slack's retry comes after the replica is back on the empty Redis.
          await state.ready(5000);
        },
      });
      expect(problems.slice(0, 5)).toEqual([]);
    } finally {
      await state.close();
      await redis.stop();
    }
  });
});
