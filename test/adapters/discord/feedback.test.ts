/**
 * Feedback in Discord, end to end: the real discord.js client against the fake gateway and REST,
 * with a real SQLite store. Two buttons under /ask answers and thread answers, one vote per person
 * per answer, an immediate private thank-you, and the report counting it.
 */
import { generateKeyPairSync, sign } from 'node:crypto';
import { MessageFlags } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createDiscordBot, type DiscordBot } from '../../../adapters/discord/client.js';
import { discordEnvSchema } from '../../../adapters/discord/config.js';
import { createInteractionsServer, INTERACTIONS_PATH } from '../../../adapters/discord/interactions-http.js';
import { PlanBot } from '../../../src/dialogue/bot.js';
import { parseEnv } from '../../../src/runtime/config.js';
import { createLogger } from '../../../src/runtime/logger.js';
import { readReport, type ReportData } from '../../../src/store/query.js';
import { tempStore, type TempStore } from '../../store/helpers.js';
import { FakeDiscord, type JsonObject, type RecordedRequest } from './fake-discord.js';
import { SQLITE_UNAVAILABLE } from '../../helpers/sqlite.js';

let fake: FakeDiscord;
let discord: DiscordBot;
let t: TempStore;

beforeAll(async () => {
  t = tempStore();
  // Discord's own heartbeat interval: the first refusal builds the spell checker, a long synchronous
  // step during which a 250 ms heartbeat can look missed and make the client reconnect mid-test.
  fake = await FakeDiscord.start();
  const config = parseEnv(discordEnvSchema, { DISCORD_TOKEN: fake.token, DISCORD_APPLICATION_ID: fake.ids.application, DISCORD_API_URL: fake.apiUrl });
  const logger = createLogger({ level: 'silent' });
  discord = createDiscordBot({ config, bot: PlanBot.load({ rateLimit: { perMinute: 0 } }), logger, store: t.store });
  await discord.start();
});

afterAll(async () => {
  await discord?.stop();
  await fake?.close();
  t?.dispose();
});

const callbackOf = (i: JsonObject): Promise<RecordedRequest> =>
  fake.waitForRequest((r) => r.method === 'POST' && r.path === `/interactions/${String(i.id)}/${String(i.token)}/callback`);

async function interact(i: JsonObject): Promise<JsonObject> {
  fake.dispatch('INTERACTION_CREATE', i);
  return (await callbackOf(i)).body as JsonObject;
}

type Row = { type: number; components: { type: number; custom_id: string; emoji?: { name: string } }[] };

/** The custom ids of a message's feedback buttons, if it has them. */
function feedbackIds(message: JsonObject): { up: string; down: string } | undefined {
  const ids = ((message.components ?? []) as Row[]).flatMap((r) => r.components.map((c) => c.custom_id)).filter((id) => id.startsWith('fb:'));
  const up = ids.find((id) => id.startsWith('fb:up:'));
  const down = ids.find((id) => id.startsWith('fb:down:'));
  return up && down ? { up, down } : undefined;
}

function report(): ReportData {
  t.store.flush();
  const result = readReport(t.file, 0, Date.now() + 1);
  if (result.status !== 'ok') throw new Error(`no report: ${result.status}`);
  return result.data;
}

const ask = (question: string): JsonObject => fake.interaction('ask', [{ name: 'question', type: 3, value: question }]);

describe.skipIf(SQLITE_UNAVAILABLE)('Discord feedback', () => {
  it('puts 👍 and 👎 buttons under an /ask answer', async () => {
    const reply = await interact(ask('What does the plan say about NATO?'));
    const data = reply.data as JsonObject;
    const ids = feedbackIds(data);
    expect(ids?.up).toMatch(/^fb:up:[\w-]+$/);
    expect(ids?.down).toBe(ids?.up.replace(':up:', ':down:'));
    expect(((data.components as Row[])[0]!.components).map((c) => c.emoji?.name)).toEqual(['👍', '👎']);
  });

  it('puts the buttons under an answer in a thread', async () => {
    const message = fake.userMessage(`<@${fake.ids.bot}> What does the plan say about NATO?`);
    fake.dispatch('MESSAGE_CREATE', message);
    const post = await fake.waitForRequest((r) => r.method === 'POST' && r.path === `/channels/${String(message.id)}/messages`);
    expect(feedbackIds(post.body as JsonObject)).toBeDefined();
  });

  it('keeps one vote per person per answer: 👍 then 👎 leaves the 👎, thanked privately at once, never reposting', async () => {
    const reply = await interact(ask('Are NATO troops allowed in Ukraine?'));
    const ids = feedbackIds(reply.data as JsonObject)!;
    const voter = '1300000000000000777';
    const messagesBefore = fake.requestsTo('POST', /\/messages$/).length;
    for (const id of [ids.up, ids.down]) {
      const thanks = await interact(fake.buttonClick(id, { userId: voter }));
      expect(thanks.type).toBe(4);
      const data = thanks.data as JsonObject;
      expect(data.content).toBe('Thanks, noted.');
      expect(data.flags).toBe(MessageFlags.Ephemeral);
      expect(data.embeds ?? []).toEqual([]);
      expect(data.components ?? []).toEqual([]);
    }
    expect(fake.requestsTo('POST', /\/messages$/)).toHaveLength(messagesBefore);
    expect(fake.requestsTo('PATCH', /./)).toHaveLength(0);

    const answerId = ids.down.split(':')[2];
    const rated = report().ratedDown.find((r) => r.answerId === answerId);
    expect(rated).toMatchObject({ down: 1, up: 0, surface: 'discord' });
    expect(rated!.citations.map((c) => c.id)).toContain('plan-article:7.2');
  });

  it('counts a declined "Does Russia rejoin the G8?" under "G8"', async () => {
    const reply = await interact(ask('Does Russia rejoin the G8?'));
    expect(feedbackIds(reply.data as JsonObject)).toBeDefined();
    // The outcome is recorded once Discord has taken the reply, a moment after the request.
    await vi.waitFor(() => expect(report().declinedSubjects.map((s) => s.subject)).toContain('G8'));
  });

  it('gives help and other notices no buttons', async () => {
    const reply = await interact(fake.interaction('help', []));
    expect(feedbackIds(reply.data as JsonObject)).toBeUndefined();
  });
});

describe.skipIf(SQLITE_UNAVAILABLE)('Discord feedback in HTTP interactions mode', () => {
  it('puts the buttons under /ask answers and records a click, thanked in the HTTP response', async () => {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const publicHex = Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url').toString('hex');
    const env = { DISCORD_TOKEN: fake.token, DISCORD_APPLICATION_ID: fake.ids.application, DISCORD_API_URL: fake.apiUrl, DISCORD_MODE: 'http', DISCORD_PUBLIC_KEY: publicHex };
    const http = createInteractionsServer({ config: parseEnv(discordEnvSchema, env), bot: PlanBot.load({ rateLimit: { perMinute: 0 } }), logger: createLogger({ level: 'silent' }), store: t.store });
    const url = `http://127.0.0.1:${await http.listen(0, '127.0.0.1')}${INTERACTIONS_PATH}`;
    const post = async (body: JsonObject): Promise<JsonObject> => {
      const raw = JSON.stringify(body);
      const timestamp = String(Math.floor(Date.now() / 1000));
      const signature = sign(null, Buffer.from(timestamp + raw), privateKey).toString('hex');
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-signature-timestamp': timestamp, 'x-signature-ed25519': signature }, body: raw });
      return (await res.json()) as JsonObject;
    };
    try {
      const ids = feedbackIds((await post(ask('What does the plan say about NATO?'))).data as JsonObject)!;
      expect(ids).toBeDefined();
      const thanks = await post(fake.buttonClick(ids.down, { userId: '1300000000000000888' }));
      expect(thanks).toMatchObject({ type: 4, data: { content: 'Thanks, noted.', flags: MessageFlags.Ephemeral } });
      expect(report().ratedDown.find((r) => r.answerId === ids.down.split(':')[2])).toMatchObject({ down: 1 });
    } finally {
      await http.close();
    }
  });
});
