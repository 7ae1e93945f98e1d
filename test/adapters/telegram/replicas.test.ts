/**
 * Two webhook replicas (the real grammY bot and endpoint, twice) sharing a real redis-server, both
 * sending to one fake Bot API: an update delivered to each (a retry landing on the other replica)
 * is answered once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebhookServer, WEBHOOK_PATH } from '../../../adapters/telegram/webhook.js';
import { createLogger } from '../../../src/runtime/logger.js';
import { createSharedState } from '../../../src/state/create-state.js';
import { redisTestsRun, startRedis, type RedisServer } from '../../helpers/redis-server.js';
import { FakeTelegram } from './fake-telegram.js';
import { sentTo, startHarness, type Harness } from './harness.js';

const SECRET = 'replica-webhook-secret-0123456789';

describe.runIf(redisTestsRun())('two Telegram webhook replicas sharing Redis', { timeout: 60_000 }, () => {
  let redis: RedisServer;
  let fake: FakeTelegram;
  const replicas: { h: Harness; url: string; close: () => Promise<void> }[] = [];

  beforeAll(async () => {
    redis = await startRedis();
    fake = await FakeTelegram.start();
    const logger = createLogger({ level: 'silent' });
    for (let i = 0; i < 2; i++) {
      const state = await createSharedState({ REDIS_URL: redis.url, RATE_LIMIT_PER_MINUTE: 0 }, logger);
      expect(state.backend).toBe('redis');
      const h = await startHarness({ fake, state, polling: false, logger });
      const server = createWebhookServer({ secret: SECRET, handle: (u) => h.telegram.handleUpdate(u), logger });
      const url = `http://127.0.0.1:${await server.listen(0, '127.0.0.1')}${WEBHOOK_PATH}`;
      replicas.push({ h, url, close: async () => (await server.close(), await h.close(), await state.close()) });
    }
  });

  afterAll(async () => {
    for (const r of replicas) await r.close();
    await fake?.close();
    await redis?.stop();
  });

  it('answers an update delivered to both replicas once', async () => {
    for (const [i, chat] of [7001, 7002, 7003].entries()) {
      const update = fake.message(i === 1 ? 'what does it say about Crimea?' : 'what does it say about NATO?', { chatId: chat });
      const post = (url: string): Promise<Response> =>
        fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET }, body: JSON.stringify(update) });
      const statuses = (await Promise.all(replicas.map((r) => post(r.url)))).map((r) => r.status);
      expect(statuses).toEqual([200, 200]);
      await sentTo(fake, chat);
      expect(fake.callsOf('sendMessage').filter((c) => c.body.chat_id === chat)).toHaveLength(1);
    }
  });
});
