/**
 * DISCORD_MODE=http: the interactions endpoint on 127.0.0.1, driven with requests signed by a fresh
 * Ed25519 key as Discord signs them. Slash commands and autocomplete must be answered byte for byte
 * as the gateway client answers the same interaction.
 */
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { once } from 'node:events';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDiscordBot, type DiscordBot } from '../../../adapters/discord/client.js';
import { discordEnvSchema } from '../../../adapters/discord/config.js';
import { createInteractionsServer, INTERACTIONS_PATH, MAX_BODY_BYTES, publicKeyFromHex, verifyInteraction, type InteractionsServer } from '../../../adapters/discord/interactions-http.js';
import { PlanBot } from '../../../src/dialogue/bot.js';
import { parseEnv } from '../../../src/runtime/config.js';
import { createLogger } from '../../../src/runtime/logger.js';
import { MemoryState } from '../../../src/state/memory-state.js';
import { FakeDiscord, type JsonObject } from './fake-discord.js';

const { publicKey, privateKey } = generateKeyPairSync('ed25519');
const publicHex = Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url').toString('hex');

function signed(body: string, options: { key?: KeyObject; timestamp?: number } = {}): Record<string, string> {
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  return {
    'content-type': 'application/json',
    'x-signature-timestamp': timestamp,
    'x-signature-ed25519': sign(null, Buffer.from(timestamp + body), options.key ?? privateKey).toString('hex'),
  };
}

describe('verifyInteraction', () => {
  const key = publicKeyFromHex(publicHex);
  const body = Buffer.from('{"type":1}');
  it('accepts Discord\'s signature and refuses anything else', () => {
    const h = signed(body.toString());
    expect(verifyInteraction(key, h['x-signature-ed25519'], h['x-signature-timestamp'], body)).toEqual({ ok: true });
    expect(verifyInteraction(key, h['x-signature-ed25519'], h['x-signature-timestamp'], Buffer.from('{"type":2}'))).toEqual({ ok: false, reason: 'bad-signature' });
    expect(verifyInteraction(key, 'zz', h['x-signature-timestamp'], body)).toEqual({ ok: false, reason: 'bad-signature' });
    expect(verifyInteraction(key, undefined, h['x-signature-timestamp'], body)).toEqual({ ok: false, reason: 'missing-headers' });
    const old = signed(body.toString(), { timestamp: Math.floor(Date.now() / 1000) - 600 });
    expect(verifyInteraction(key, old['x-signature-ed25519'], old['x-signature-timestamp'], body)).toEqual({ ok: false, reason: 'stale-timestamp' });
  });
});

describe('the HTTP interactions endpoint', () => {
  let fake: FakeDiscord;
  let gateway: DiscordBot;
  let http: InteractionsServer;
  let url: string;
  const asked: string[] = [];
  const logs: string[] = [];

  beforeAll(async () => {
    fake = await FakeDiscord.start();
    const config = parseEnv(discordEnvSchema, {
      DISCORD_TOKEN: fake.token,
      DISCORD_APPLICATION_ID: fake.ids.application,
      DISCORD_API_URL: fake.apiUrl,
      DISCORD_MODE: 'http',
      DISCORD_PUBLIC_KEY: publicHex,
      RATE_LIMIT_PER_MINUTE: '0',
    });
    const core = PlanBot.load({ rateLimit: { perMinute: 0 } });
    const bot = {
      ask: (q: string, c?: Parameters<PlanBot['ask']>[1]) => {
        asked.push(q);
        return core.ask(q, c);
      },
      get passageIds() {
        return core.passageIds;
      },
      // /clause autocomplete also matches passage words, and labels ids with their text.
      get index() {
        return core.index;
      },
    };
    const logger = createLogger({ level: 'debug', destination: { write: (line: string) => void logs.push(line) } });
    gateway = createDiscordBot({ config, bot: core, logger });
    await gateway.start();
    http = createInteractionsServer({ config, bot, logger, requestTimeoutMs: 500 });
    url = `http://127.0.0.1:${await http.listen(0, '127.0.0.1')}${INTERACTIONS_PATH}`;
  });
  afterAll(async () => {
    await http?.close();
    await gateway?.stop();
    await fake?.close();
  });

  const post = (body: string, headers: Record<string, string> = signed(body)): Promise<Response> => fetch(url, { method: 'POST', headers, body });

  /** The callback body the gateway client sends for the same interaction. */
  const viaGateway = async (interaction: JsonObject): Promise<unknown> => {
    fake.dispatch('INTERACTION_CREATE', interaction);
    const r = await fake.waitForRequest((q) => q.method === 'POST' && q.path === `/interactions/${String(interaction.id)}/${String(interaction.token)}/callback`);
    return r.body;
  };

  it('answers PING with PONG', async () => {
    const res = await post('{"type":1}');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ type: 1 });
  });

  it('answers a signed /ask exactly as gateway mode does', async () => {
    const interaction = fake.interaction('ask', [{ name: 'question', type: 3, value: 'What does it say about NATO?' }]);
    const res = await post(JSON.stringify(interaction));
    expect(res.status).toBe(200);
    const body = (await res.json()) as JsonObject;
    expect(body.type).toBe(4);
    expect(JSON.stringify(body)).toContain('plan-article:7.2');
    expect(body).toEqual(await viaGateway({ ...interaction, id: `${String(interaction.id)}1` }));
  });

  it('answers /topics and /clause autocomplete exactly as gateway mode does', async () => {
    for (const interaction of [fake.interaction('topics', []), fake.interaction('clause', [{ name: 'id', type: 3, value: '7.', focused: true }], { type: 4 })]) {
      const res = await post(JSON.stringify(interaction));
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual(await viaGateway({ ...interaction, id: `${String(interaction.id)}2` }));
    }
  });

  it('refuses a tampered body, a stale timestamp, a forged key and missing headers with 401, without asking the core', async () => {
    const before = asked.length;
    const interaction = JSON.stringify(fake.interaction('ask', [{ name: 'question', type: 3, value: 'clause 7.2' }]));
    const tampered = interaction.replace('clause 7.2', 'clause 7.3');
    expect((await post(tampered, signed(interaction))).status).toBe(401);
    expect((await post(interaction, signed(interaction, { timestamp: Math.floor(Date.now() / 1000) - 3600 }))).status).toBe(401);
    expect((await post(interaction, signed(interaction, { key: generateKeyPairSync('ed25519').privateKey }))).status).toBe(401);
    expect((await post(interaction, { 'content-type': 'application/json' })).status).toBe(401);
    expect(asked.length).toBe(before);
    expect(logs.join('')).toContain('"reason":"stale-timestamp"');
  });

  it('caps the body size and answers only POST on its path', async () => {
    const big = JSON.stringify({ type: 2, pad: 'x'.repeat(MAX_BODY_BYTES) });
    expect((await post(big)).status).toBe(413);
    expect((await fetch(url)).status).toBe(405);
    expect((await fetch(url.replace(INTERACTIONS_PATH, '/other'), { method: 'POST', body: '{}' })).status).toBe(404);
    expect((await post('not json')).status).toBe(400);
  });

  it('drops a client that never finishes its request (408), without asking the core', async () => {
    const before = asked.length;
    const socket = connect(Number(new URL(url).port), '127.0.0.1');
    await once(socket, 'connect');
    let reply = '';
    socket.on('data', (chunk: Buffer) => (reply += chunk.toString()));
    // Headers promise 1,000 bytes; 10 arrive, then nothing.
    socket.write(`POST ${INTERACTIONS_PATH} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"type":2,`);
    await once(socket, 'close');
    expect(reply).toMatch(/^HTTP\/1\.1 408/);
    expect(asked.length).toBe(before);
    expect(logs.join('')).not.toContain('"level":"error"');
  });

  it('answers an interaction no handler replies to (a modal it does not know) at once with 204, without a false "no reply within" error', async () => {
    const modal = { ...fake.interaction('ask', []), type: 5, data: { custom_id: 'unknown', components: [] } };
    const before = logs.length;
    const res = await post(JSON.stringify(modal));
    expect(res.status).toBe(204);
    expect(logs.slice(before).join('')).not.toContain('no reply to the interaction');
    expect(logs.slice(before).join('')).not.toContain('"level":"error"');
  });

  it('answers an interaction type it does not know with 400 at once, never handing it to the handlers', async () => {
    const before = logs.length;
    const res = await post(JSON.stringify({ ...fake.interaction('ask', []), type: 99 }));
    expect(res.status).toBe(400);
    expect(logs.slice(before).join('')).not.toContain('no reply to the interaction');
    expect(logs.slice(before).join('')).toContain('"type":99');
  });

  it('answers a duplicate delivery of one interaction with 204, not 500, and logs no error', async () => {
    const config = parseEnv(discordEnvSchema, { DISCORD_TOKEN: fake.token, DISCORD_APPLICATION_ID: fake.ids.application, DISCORD_API_URL: fake.apiUrl, DISCORD_MODE: 'http', DISCORD_PUBLIC_KEY: publicHex });
    const own: string[] = [];
    const logger = createLogger({ level: 'debug', destination: { write: (line: string) => void own.push(line) } });
    const replica = createInteractionsServer({ config, bot: PlanBot.load(), logger, state: new MemoryState() });
    const at = `http://127.0.0.1:${await replica.listen(0, '127.0.0.1')}${INTERACTIONS_PATH}`;
    try {
      const body = JSON.stringify(fake.interaction('topics', []));
      expect((await fetch(at, { method: 'POST', headers: signed(body), body })).status).toBe(200);
      const again = await fetch(at, { method: 'POST', headers: signed(body), body });
      expect(again.status).toBe(204);
      expect(own.join('')).not.toContain('no reply to the interaction');
      expect(own.join('')).not.toContain('"level":"error"');
    } finally {
      await replica.close();
    }
  });
});
