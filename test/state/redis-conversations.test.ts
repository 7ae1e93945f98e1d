/**
 * Conversations in a real redis-server: a record set by one replica is read by another, expires
 * after the TTL, and what does not have the expected shape is ignored; while Redis is down, memory
 * answers for what this process wrote.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/runtime/logger.js';
import { RedisConversationStore } from '../../src/state/redis-conversations.js';
import { redisTestsRun, startRedis, type RedisServer } from '../helpers/redis-server.js';

describe.runIf(redisTestsRun())('conversations in Redis', () => {
  let redis: RedisServer;
  const lines: string[] = [];
  const logger = createLogger({ level: 'debug', destination: { write: (l: string) => void lines.push(l) } });
  const stores: RedisConversationStore[] = [];
  const open = async (): Promise<RedisConversationStore> => {
    const s = new RedisConversationStore({ url: redis.url, ttlMs: 60_000, logger });
    stores.push(s);
    expect(await s.ready()).toBe(true);
    return s;
  };
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    for (const s of stores) await s.close();
    await redis?.stop();
  });

  it("reads on one replica what another wrote, with the TTL on the key", async () => {
    const [a, b] = [await open(), await open()];
    a.set('thread:C1:1.1', { kind: 'thread', previous: { question: 'What about NATO?', citationIds: ['plan-article:7.2'] } });
    a.set('answer:C1:1.1', { kind: 'answer', ref: { channel: 'C1', message: '2.2', thread: '1.1' } });
    const raw = new Redis(redis.url);
    try {
      await expect.poll(() => raw.exists('ppb:conv:answer:C1:1.1')).toBe(1);
      expect(await raw.pttl('ppb:conv:thread:C1:1.1')).toBeGreaterThan(0);
      expect(await b.get('thread:C1:1.1')).toEqual({ kind: 'thread', previous: { question: 'What about NATO?', citationIds: ['plan-article:7.2'] } });
      expect(await b.get('answer:C1:1.1')).toEqual({ kind: 'answer', ref: { channel: 'C1', message: '2.2', thread: '1.1' } });
      expect(await b.get('thread:C1:unknown')).toBeUndefined();

      await raw.set('ppb:conv:thread:C1:bad', JSON.stringify({ kind: 'thread', previous: { question: 42 } }));
      await raw.set('ppb:conv:thread:C1:garbage', '{not json');
      expect(await b.get('thread:C1:bad')).toBeUndefined();
      expect(await b.get('thread:C1:garbage')).toBeUndefined();
      expect(lines.join('')).toContain('not in the expected shape');
    } finally {
      raw.disconnect();
    }
  });

  it("answers from this process's memory while Redis is down", async () => {
    const a = await open();
    a.set('thread:D1:dm', { kind: 'thread', previous: { question: 'Crimea?', citationIds: [] } });
    await redis.kill();
    try {
      expect(await a.get('thread:D1:dm')).toEqual({ kind: 'thread', previous: { question: 'Crimea?', citationIds: [] } });
      a.set('thread:D1:later', { kind: 'thread', previous: { question: 'more', citationIds: [] } });
      expect(await a.get('thread:D1:later')).toMatchObject({ kind: 'thread' });
    } finally {
      await redis.restart();
    }
  });
});
