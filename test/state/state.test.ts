/**
 * Shared state in memory and in a real redis-server: claims and rate limits behave alike, hold
 * across two "replicas" (two clients of one Redis), and survive Redis dying.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, coreEnvSchema, parseEnv } from '../../src/runtime/config.js';
import { createLogger } from '../../src/runtime/logger.js';
import { ClaimMemory, MemoryState } from '../../src/state/memory-state.js';
import { RedisState } from '../../src/state/redis-state.js';
import type { SharedState } from '../../src/state/shared-state.js';
import { redisTestsRun, startRedis, type RedisServer } from '../helpers/redis-server.js';

describe('ClaimMemory', () => {
  it('claims a delivery once, under any of its keys', () => {
    const claims = new ClaimMemory();
    expect(claims.claim(['event:Ev1', 'message:C1:1.1'])).toBe(true);
    expect(claims.claim(['event:Ev1'])).toBe(false);
    expect(claims.claim(['event:Ev2', 'message:C1:1.1'])).toBe(false);
    expect(claims.claim(['event:Ev3', 'message:C1:1.3'])).toBe(true);
  });

  it('forgets keys after their TTL and beyond its size bound', () => {
    let now = 0;
    const claims = new ClaimMemory(2, () => now);
    expect(claims.claim(['a'], 1000)).toBe(true);
    now = 1500;
    expect(claims.claim(['a'], 1000)).toBe(true);
    claims.claim(['b'], 1000);
    claims.claim(['c'], 1000);
    expect(claims.claim(['b'], 1000)).toBe(false);
    expect(claims.claim(['a'], 1000)).toBe(true);
  });
});

const logLines: string[] = [];
const logger = createLogger({ level: 'info', destination: { write: (line: string) => void logLines.push(line) } });

describe.runIf(redisTestsRun())('RedisState against a real redis-server', () => {
  let server: RedisServer;
  const states: SharedState[] = [];
  let prefixes = 0;
  /** Two replicas' views of one Redis (a fresh key space per test); one when `count` is 1. */
  const replicas = async (perMinute = 10, count = 2): Promise<RedisState[]> => {
    const prefix = `t${++prefixes}:`;
    const made = Array.from({ length: count }, () => new RedisState({ url: server.url, perMinute, logger, prefix }));
    states.push(...made);
    for (const state of made) expect(await state.ready()).toBe(true);
    return made;
  };

  beforeAll(async () => {
    server = await startRedis();
  });
  afterAll(async () => {
    await Promise.all(states.map((s) => s.close()));
    await server?.stop();
  });

  it('lets exactly one of two replicas claim a delivery, even when both claim at once', async () => {
    const [a, b] = (await replicas()) as [RedisState, RedisState];
    const keys = Array.from({ length: 200 }, (_, i) => [`event:Ev${i}`, `message:C1:${i}`]);
    const results = await Promise.all(keys.flatMap((k) => [a.claim(k), b.claim(k)]));
    for (let i = 0; i < keys.length; i++) expect([results[2 * i], results[2 * i + 1]].filter(Boolean), `delivery ${i}`).toHaveLength(1);
    expect(await b.claim(['message:C1:7'])).toBe(false);
    expect(a.backend).toBe('redis');
  });

  it('holds a per-user limit of 10 a minute across two replicas', async () => {
    const [a, b] = (await replicas(10)) as [RedisState, RedisState];
    const verdicts = await Promise.all(Array.from({ length: 16 }, (_, i) => (i % 2 ? a : b).take('slack:T1:U1')));
    expect(verdicts.filter((v) => v.allowed)).toHaveLength(10);
    const refused = verdicts.filter((v) => !v.allowed);
    expect(refused.every((v) => v.retryAfterMs > 0 && v.retryAfterMs <= 6000)).toBe(true);
    expect((await a.take('slack:T1:U2')).allowed).toBe(true);
  });

  it('falls back to memory when Redis is killed, keeps answering, and shares again once it returns', async () => {
    const [a] = (await replicas(10, 1)) as [RedisState];
    expect(await a.claim(['event:before'])).toBe(true);
    await server.kill();
    // Memory stands in: a new delivery is claimed once, a repeat is still recognised by this replica.
    expect(await a.claim(['event:during'])).toBe(true);
    expect(await a.claim(['event:during'])).toBe(false);
    expect(await a.claim(['event:before'])).toBe(false);
    expect((await a.take('slack:T1:U9')).allowed).toBe(true);
    expect(a.backend).toBe('redis-fallback');
    expect(logLines.join('')).toContain('Redis is unreachable');
    await server.restart();
    expect(await a.ready(5000)).toBe(true);
    expect(a.backend).toBe('redis');
    expect(await a.claim(['event:after'])).toBe(true);
    expect(logLines.join('')).toContain('Redis is reachable again');
  });
});

describe('MemoryState', () => {
  it('limits a user to their allowance per minute', async () => {
    const state = new MemoryState({ perMinute: 3, now: () => 0 });
    const verdicts = await Promise.all(Array.from({ length: 5 }, () => state.take('u')));
    expect(verdicts.map((v) => v.allowed)).toEqual([true, true, true, false, false]);
  });
});

describe('RedisState without a reachable Redis', () => {
  it('starts in memory, says so once, and still claims and limits', async () => {
    const lines: string[] = [];
    const log = createLogger({ level: 'info', destination: { write: (line: string) => void lines.push(line) } });
    // Port 1 on loopback: nothing listens there, so the connection is refused at once.
    const state = new RedisState({ url: 'redis://127.0.0.1:1', perMinute: 2, logger: log });
    try {
      expect(await state.ready(300)).toBe(false);
      expect(state.backend).toBe('redis-fallback');
      expect(await state.claim(['event:x'])).toBe(true);
      expect(await state.claim(['event:x'])).toBe(false);
      expect((await Promise.all([1, 2, 3].map(() => state.take('u')))).map((v) => v.allowed)).toEqual([true, true, false]);
      expect(lines.filter((l) => l.includes('Redis is unreachable'))).toHaveLength(1);
    } finally {
      await state.close();
    }
  });

  it('refuses a REDIS_URL that is not redis:// or rediss://, naming it', () => {
    expect(() => parseEnv(coreEnvSchema, { REDIS_URL: 'http://127.0.0.1:6379' })).toThrow(ConfigError);
    expect(parseEnv(coreEnvSchema, { REDIS_URL: 'rediss://cache.example:6380' }).REDIS_URL).toBe('rediss://cache.example:6380');
  });
});
