/**
 * TELEGRAM_MODE=webhook: the endpoint on 127.0.0.1 in front of the real grammY bot, which sends to the
 * fake Bot API. Only Telegram's secret gets in; bodies are capped; a redelivered update is answered once.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebhookServer, WEBHOOK_PATH } from '../../../adapters/telegram/webhook.js';
import { createLogger } from '../../../src/runtime/logger.js';
import { startHarness, sentTo, type Harness } from './harness.js';

const SECRET = 'test-webhook-secret-0123456789';
let h: Harness;
let server: ReturnType<typeof createWebhookServer>;
let url: string;

beforeAll(async () => {
  h = await startHarness({ polling: false });
  server = createWebhookServer({ secret: SECRET, handle: (u) => h.telegram.handleUpdate(u), logger: createLogger({ level: 'silent' }), bodyTimeoutMs: 300 });
  url = `http://127.0.0.1:${await server.listen(0, '127.0.0.1')}`;
});
afterAll(async () => {
  await server?.close();
  await h?.close();
});

const post = (body: unknown, headers: Record<string, string> = { 'x-telegram-bot-api-secret-token': SECRET }, path = WEBHOOK_PATH): Promise<Response> =>
  fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });

describe('Telegram webhook', () => {
  it('rejects a request with a missing or wrong secret with 401, and answers nothing', async () => {
    const update = h.fake.message('what does it say about NATO?', { chatId: 3001 });
    expect((await post(update, {})).status).toBe(401);
    expect((await post(update, { 'x-telegram-bot-api-secret-token': `${SECRET}x` })).status).toBe(401);
    expect((await post(update, { 'x-telegram-bot-api-secret-token': 'short' })).status).toBe(401);
    expect(h.fake.callsOf('sendMessage').filter((c) => c.body.chat_id === 3001)).toEqual([]);
  });

  it('answers an update delivered with the right secret, with 200', async () => {
    const res = await post(h.fake.message('what does it say about NATO?', { chatId: 3002 }));
    expect(res.status).toBe(200);
    expect(String((await sentTo(h.fake, 3002)).body.text)).toContain('plan-article:7.2');
  });

  it('answers an update delivered twice (a retry, or another replica) once', async () => {
    const update = h.fake.message('what does it say about Crimea?', { chatId: 3003 });
    const [a, b] = await Promise.all([post(update), post(update)]);
    expect([a.status, b.status]).toEqual([200, 200]);
    await sentTo(h.fake, 3003);
    expect(h.fake.callsOf('sendMessage').filter((c) => c.body.chat_id === 3003)).toHaveLength(1);
  });

  it('refuses other paths (404) and other methods (405)', async () => {
    expect((await post({ update_id: 1 }, undefined, '/telegram/other')).status).toBe(404);
    const get = await fetch(`${url}${WEBHOOK_PATH}`, { headers: { 'x-telegram-bot-api-secret-token': SECRET } });
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
  });

  it('refuses a body over 1 MB with 413, and one that is not an update with 400', async () => {
    expect((await post({ update_id: 5, padding: 'x'.repeat(1024 * 1024) })).status).toBe(413);
    expect((await post('not json')).status).toBe(400);
    expect((await post({ hello: 'world' })).status).toBe(400);
  });

  it('gives up with 408 on a body that stops arriving', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${url}${WEBHOOK_PATH}`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': '1000', 'x-telegram-bot-api-secret-token': SECRET } }, (res) => {
        resolve(res.statusCode ?? 0);
        res.resume();
        req.destroy();
      });
      req.on('error', reject);
      // Part of the body, then nothing.
      req.write('{"update_id": 7');
    });
    expect(status).toBe(408);
  });
});
