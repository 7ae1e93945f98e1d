/**
 * RedisState when Redis misbehaves without going away for good: restarted empty (its claims lost)
 * and one slow command. Against a real redis-server; no timing assertions, only bounded polling.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/runtime/logger.js';
import { RedisState } from '../../src/state/redis-state.js';
import { redisTestsRun, startRedis, type RedisServer } from '../helpers/redis-server.js';

/** Calls `probe` until it returns true, at most `tries` times, `pauseMs` apart. */
async function until(probe: () => Promise<boolean>, what: string, tries = 100, pauseMs = 100): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (await probe()) return;
    await new Promise((resolve) => setTimeout(resolve, pauseMs));
  }
  throw new Error(`gave up waiting for ${what}`);
}

describe.runIf(redisTestsRun())('RedisState when Redis restarts empty or stalls', () => {
  let server: RedisServer;
  const lines: string[] = [];
  const logger = createLogger({ level: 'info', destination: { write: (line: string) => void lines.push(line) } });
  const count = (text: string): number => lines.filter((l) => l.includes(text)).length;
  const states: RedisState[] = [];

  beforeAll(async () => {
    server = await startRedis();
  });
  afterAll(async () => {
    await Promise.all(states.map((s) => s.close()));
    await server?.stop();
  });

  it('never answers again a delivery this replica claimed, after Redis is restarted empty (issue 22.7)', async () => {
    const state = new RedisState({ url: server.url, perMinute: 10, logger, prefix: 'r7:' });
    states.push(state);
    expect(await state.ready()).toBe(true);
    expect(await state.claim(['event:E1', 'message:C1:1'])).toBe(true);
    // Answered from memory while Redis is down...
    await server.kill();
    expect(await state.claim(['event:E2', 'message:C1:2'])).toBe(true);
    // ...and Redis comes back with nothing in it: Slack's retries of both must not be answered again.
    await server.restart();
    expect(await state.ready(5000)).toBe(true);
    await until(async () => state.backend === 'redis', 'the state back on Redis');
    expect(await state.claim(['event:E2', 'message:C1:2'])).toBe(false);
    expect(await state.claim(['event:E1'])).toBe(false);
    // A delivery it never saw is still its to answer.
    expect(await state.claim(['event:E3'])).toBe(true);
  });

  it('hands its claims back to a Redis restarted empty, so a retry landing on another replica is not answered again (issue 22.7)', async () => {
    const a = new RedisState({ url: server.url, perMinute: 10, logger, prefix: 'r7b:' });
    states.push(a);
    expect(await a.ready()).toBe(true);
    expect(await a.claim(['event:F1'])).toBe(true);
    await server.kill();
    expect(await a.claim(['event:F2'])).toBe(true);
    await server.restart();
    await until(async () => a.backend === 'redis', 'replica A back on Redis, its claims handed back');
    const b = new RedisState({ url: server.url, perMinute: 10, logger, prefix: 'r7b:' });
    states.push(b);
    expect(await b.ready()).toBe(true);
    expect(await b.claim(['event:F1'])).toBe(false);
    expect(await b.claim(['event:F2'])).toBe(false);
    expect(await b.claim(['event:F3'])).toBe(true);
  });

  it('is healthy again after one slow command, and still reports a later real outage (issue 22.8)', async () => {
    const state = new RedisState({ url: server.url, perMinute: 10, logger, prefix: 'r8:', commandTimeoutMs: 200 });
    states.push(state);
    expect(await state.ready()).toBe(true);
    const admin = new Redis(server.url, { maxRetriesPerRequest: 0, lazyConnect: true });
    await admin.connect();
    const unreachable = count('Redis is unreachable');
    const back = count('Redis is reachable again');
    try {
      const sleeping = admin.call('DEBUG', 'SLEEP', '1');
      // Redis is busy for a second: the claim times out, and memory answers.
      expect(await state.claim(['event:slow'])).toBe(true);
      expect(state.backend).toBe('redis-fallback');
      await sleeping;
    } finally {
      admin.disconnect();
    }
    expect(count('Redis is unreachable')).toBe(unreachable + 1);
    // The next commands succeed: the state is shared again, and says so.
    await until(async () => (await state.claim([`event:probe:${Math.random()}`])) && state.backend === 'redis', 'the state healthy again');
    expect(count('Redis is reachable again')).toBe(back + 1);
    // A real outage later is noticed and logged again.
    await server.kill();
    expect(await state.claim(['event:outage'])).toBe(true);
    expect(state.backend).toBe('redis-fallback');
    expect(count('Redis is unreachable')).toBe(unreachable + 2);
    await server.restart();
  });
});
