/**
 * Beyond one process on Discord: the real discord.js client against a fake gateway that recommends
 * 3 shards, and two clients on one token sharing state in a real redis-server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createDiscordBot, type DiscordBot } from '../../../adapters/discord/client.js';
import { discordEnvSchema } from '../../../adapters/discord/config.js';
import { PlanBot } from '../../../src/dialogue/bot.js';
import { parseEnv } from '../../../src/runtime/config.js';
import { createLogger } from '../../../src/runtime/logger.js';
import { RedisState } from '../../../src/state/redis-state.js';
import { redisTestsRun, startRedis, type RedisServer } from '../../helpers/redis-server.js';
import { FakeDiscord, snowflake, type JsonObject } from './fake-discord.js';

const core = PlanBot.load();

function capture(): { logger: ReturnType<typeof createLogger>; lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const logger = createLogger({ level: 'debug', destination: { write: (line: string) => void chunks.push(line) } });
  return { logger, lines: () => chunks.join('').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>) };
}

const configFor = (fake: FakeDiscord) =>
  parseEnv(discordEnvSchema, { DISCORD_TOKEN: fake.token, DISCORD_APPLICATION_ID: fake.ids.application, DISCORD_API_URL: fake.apiUrl });

const callbackOf = (fake: FakeDiscord, i: JsonObject) =>
  fake.waitForRequest((r) => r.method === 'POST' && r.path === `/interactions/${String(i.id)}/${String(i.token)}/callback`, 15_000);

describe('sharding, as Discord recommends it', () => {
  let fake: FakeDiscord;
  let discord: DiscordBot;
  const log = capture();

  beforeAll(async () => {
    fake = await FakeDiscord.start({ shards: 3 });
    discord = createDiscordBot({ config: configFor(fake), bot: core, logger: log.logger });
    await discord.start();
  });
  afterAll(async () => {
    await discord?.stop();
    await fake?.close();
  });

  it('identifies all 3 recommended shards, each with the right [id, 3]', () => {
    expect(fake.requestsTo('GET', /^\/gateway\/bot$/).length).toBeGreaterThanOrEqual(1);
    expect([...fake.identifies].sort((a, b) => a[0] - b[0])).toEqual([[0, 3], [1, 3], [2, 3]]);
    expect(discord.client.ws.shards.size).toBe(3);
  });

  it('names the shard in its logs', () => {
    const lines = log.lines();
    for (const shard of [0, 1, 2]) expect(lines.some((l) => l.msg === `shard ${shard} ready` && l.shard === shard)).toBe(true);
    expect(lines.find((l) => l.msg === 'connected to Discord')).toMatchObject({ shards: [0, 1, 2], shardCount: 3 });
  });

  it('answers every command on every shard, logging the shard it came from', async () => {
    for (const shard of [0, 1, 2]) {
      // A guild whose events Discord routes to this shard: (id >> 22) % 3 === shard.
      const guild = ((300_000_000_000n * 3n + BigInt(shard)) << 22n).toString();
      expect(fake.shardOf(guild)).toBe(shard);
      for (const [name, options] of [['topics', []], ['sources', []], ['help', []], ['clause', [{ name: 'id', type: 3, value: '7.2' }]], ['ask', [{ name: 'question', type: 3, value: 'What about NATO?' }]]] as const) {
        const interaction = { ...fake.interaction(name, [...options]), guild_id: guild };
        fake.dispatch('INTERACTION_CREATE', interaction);
        const callback = await callbackOf(fake, interaction);
        expect((callback.body as JsonObject).type, `${name} on shard ${shard}`).toBe(4);
      }
      const autocomplete = { ...fake.interaction('clause', [{ name: 'id', type: 3, value: '7.', focused: true }], { type: 4 }), guild_id: guild };
      fake.dispatch('INTERACTION_CREATE', autocomplete);
      const choices = ((await callbackOf(fake, autocomplete)).body as JsonObject).data as JsonObject;
      expect((choices.choices as JsonObject[]).map((c) => c.value)).toContain('plan-article:7.2');
      const handled = log.lines().filter((l) => l.msg === 'question handled' && l.shard === shard);
      expect(handled.map((l) => l.command)).toEqual(expect.arrayContaining(['topics', 'sources', 'help', 'clause', 'ask']));
    }
  });
});

describe('a bot that identifies as one shard when 3 are required', () => {
  it('is closed with 4011 by the fake, as Discord closes it', async () => {
    const fake = await FakeDiscord.start({ shards: 3 });
    try {
      const socket = new WebSocket(fake.gatewayUrl);
      const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
      socket.once('message', () => socket.send(JSON.stringify({ op: 2, d: { token: fake.token, intents: 0, properties: {}, shard: [0, 1] } })));
      expect(await closed).toBe(4011);
    } finally {
      await fake.close();
    }
  });
});

describe.runIf(redisTestsRun())('two processes on one token, sharing Redis', () => {
  let redis: RedisServer;
  let fake: FakeDiscord;
  const bots: DiscordBot[] = [];
  const states: RedisState[] = [];

  beforeAll(async () => {
    redis = await startRedis();
    fake = await FakeDiscord.start();
    for (let i = 0; i < 2; i++) {
      const { logger } = capture();
      const state = new RedisState({ url: redis.url, perMinute: 10, logger });
      await state.ready();
      states.push(state);
      const bot = createDiscordBot({ config: configFor(fake), bot: core, logger, state });
      await bot.start();
      bots.push(bot);
    }
  });
  afterAll(async () => {
    for (const bot of bots) await bot.stop();
    for (const state of states) await state.close();
    await fake?.close();
    await redis?.stop();
  });

  it('answers a mention that both receive once, in one thread', async () => {
    const message = fake.userMessage(`<@${fake.ids.bot}> What does it say about NATO?`);
    fake.broadcast('MESSAGE_CREATE', message);
    await fake.waitForRequest((r) => r.method === 'POST' && r.path === `/channels/${String(message.id)}/messages`);
    // A later interaction, answered by one of them, marks the point by which both have handled the message.
    const marker = fake.interaction('help', []);
    fake.broadcast('INTERACTION_CREATE', marker);
    await callbackOf(fake, marker);
    await new Promise((r) => setTimeout(r, 200));
    expect(fake.requestsTo('POST', new RegExp(`^/channels/${fake.ids.channel}/messages/${String(message.id)}/threads$`))).toHaveLength(1);
    expect(fake.requestsTo('POST', new RegExp(`^/channels/${String(message.id)}/messages$`))).toHaveLength(1);
  });

  it('replies once to a slash command that both receive (no 40060 for the second)', async () => {
    const interaction = fake.interaction('ask', [{ name: 'question', type: 3, value: 'Is there an amnesty?' }]);
    fake.broadcast('INTERACTION_CREATE', interaction);
    await callbackOf(fake, interaction);
    await new Promise((r) => setTimeout(r, 200));
    expect(fake.requestsTo('POST', new RegExp(`^/interactions/${String(interaction.id)}/`))).toHaveLength(1);
  });

  it('holds one user to 10 questions a minute across both', async () => {
    const user = snowflake();
    const interactions = Array.from({ length: 12 }, (_, i) => fake.interaction('ask', [{ name: 'question', type: 3, value: `clause 7.${(i % 3) + 1}` }], { userId: user }));
    // Six reach each process; either would allow all six on its own.
    interactions.forEach((interaction, i) => fake.dispatchTo(i % 2, 'INTERACTION_CREATE', interaction));
    const callbacks = await Promise.all(interactions.map((i) => callbackOf(fake, i)));
    const limited = callbacks.filter((c) => JSON.stringify(c.body).includes('questions in the last minute'));
    expect(limited).toHaveLength(2);
  });
});
