/**
 * Discord as people really use it, over the real discord.js client and the fake Discord: markup in
 * mentions, refusals in place, threads that carry a conversation, missing permissions (also a stale
 * cache that gets a 403), edits across a restart, fatal gateway closes, 429s and /clause by words.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PermissionFlagsBits } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createDiscordBot, type DiscordBot } from '../../../adapters/discord/client.js';
import { discordEnvSchema } from '../../../adapters/discord/config.js';
import { PlanBot } from '../../../src/dialogue/bot.js';
import { parseEnv } from '../../../src/runtime/config.js';
import { JsonFileStore, type ConversationStore } from '../../../src/state/conversation-store.js';
import { createLogger } from '../../../src/runtime/logger.js';
import { say } from '../../../src/wording/strings.js';
import { FakeDiscord, type JsonObject, type RecordedRequest } from './fake-discord.js';

const core = PlanBot.load({ rateLimit: { perMinute: 0 } });

interface Bot {
  discord: DiscordBot;
  logs: () => Record<string, unknown>[];
  fatal: { code: number; explanation: string }[];
}

async function startBot(fake: FakeDiscord, store?: ConversationStore): Promise<Bot> {
  const chunks: string[] = [];
  const logger = createLogger({ level: 'debug', destination: { write: (line: string) => void chunks.push(line) } });
  const config = parseEnv(discordEnvSchema, { DISCORD_TOKEN: fake.token, DISCORD_APPLICATION_ID: fake.ids.application, DISCORD_API_URL: fake.apiUrl });
  const fatal: Bot['fatal'] = [];
  const discord = createDiscordBot({ config, bot: core, logger, ...(store ? { conversations: store } : {}), onFatal: (code, explanation) => fatal.push({ code, explanation }) });
  await discord.start();
  return { discord, fatal, logs: () => chunks.join('').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>) };
}

let fake: FakeDiscord;
let bot: Bot;
let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'discord-conv-'));
  fake = await FakeDiscord.start({ heartbeatInterval: 250 });
  bot = await startBot(fake);
});
afterAll(async () => {
  await bot?.discord.stop();
  await fake?.close();
  rmSync(dir, { recursive: true, force: true });
});

const mentionOf = (f: FakeDiscord): string => `<@${f.ids.bot}>`;
const embedsOf = (body: JsonObject): JsonObject[] => (body.embeds ?? []) as JsonObject[];
/** Everything a message shows: content and embed titles and descriptions. */
const shown = (body: JsonObject): string => [body.content, ...embedsOf(body).flatMap((e) => [e.title, e.description])].filter(Boolean).join('\n');
const postTo = (channel: string) => (r: RecordedRequest): boolean => r.method === 'POST' && r.path === `/channels/${channel}/messages`;

/** Sends a message and resolves with the bot's first post matching `where` made after it. */
async function say_(f: FakeDiscord, message: JsonObject, where: (r: RecordedRequest) => boolean): Promise<JsonObject> {
  const before = f.requests.length;
  f.dispatch('MESSAGE_CREATE', message);
  const post = await f.waitForRequest((r) => f.requests.indexOf(r) >= before && where(r));
  return post.body as JsonObject;
}

describe('markup', () => {
  it('answers a mention carrying users, roles, channels, emoji, timestamps, links and spoilers exactly as the same question without them', async () => {
    const id = '123456789012345678';
    const plain = await say_(fake, fake.userMessage(`${mentionOf(fake)} what does it say about NATO?`), (r) => /^\/channels\/\d+\/messages$/.test(r.path));
    const cluttered = [
      `@everyone ${mentionOf(fake)} what does it say about NATO? cc <@${id}>`,
      `<@!${fake.ids.bot}> <@&${id}> <#${id}> what does it say about NATO? <:pepe:${id}> <t:1764000000:R>`,
      `${mentionOf(fake)} ||what does it say about NATO?|| [AP](https://apnews.com/x) <a:wave:${id}> </ask:${id}> @here`,
    ];
    for (const content of cluttered) {
      const got = await say_(fake, fake.userMessage(content), (r) => /^\/channels\/\d+\/messages$/.test(r.path) && r.path !== `/channels/${fake.ids.channel}/messages`);
      expect({ content: got.content, embeds: got.embeds }, content).toEqual({ content: plain.content, embeds: plain.embeds });
    }
  });

  it('answers /ask with markup exactly as without it', async () => {
    const answer = async (question: string): Promise<JsonObject> => {
      const interaction = fake.interaction('ask', [{ name: 'question', type: 3, value: question }]);
      fake.dispatch('INTERACTION_CREATE', interaction);
      const callback = await fake.waitForRequest((r) => r.path === `/interactions/${String(interaction.id)}/${String(interaction.token)}/callback`);
      return (callback.body as JsonObject).data as JsonObject;
    };
    const plain = await answer('what does it say about NATO?');
    const cluttered = await answer('@everyone <@!123456789012345678> what does it say about NATO? <t:1764000000:R> <:pepe:123456789012345678>');
    expect(embedsOf(plain).map((e) => e.title)).toContain('plan-article:7.2');
    expect({ content: cluttered.content, embeds: cluttered.embeds }).toEqual({ content: plain.content, embeds: plain.embeds });
  });

  it('names the thread after the cleaned question, never the raw markup or spoilers', async () => {
    const message = fake.userMessage(`${mentionOf(fake)} ||Is Crimea recognized as Russian?|| <@&123456789012345678> <:pepe:123456789012345678>`);
    fake.dispatch('MESSAGE_CREATE', message);
    const thread = await fake.waitForRequest((r) => r.path === `/channels/${fake.ids.channel}/messages/${String(message.id)}/threads`);
    expect((thread.body as JsonObject).name).toBe('Is Crimea recognized as Russian?');
  });

  it('answers a refusal in place, without opening a thread', async () => {
    const message = fake.userMessage(`${mentionOf(fake)} what about bananas?`);
    const post = await say_(fake, message, postTo(fake.ids.channel));
    expect(String(post.content)).toMatch(/bananas/);
    expect(fake.requestsTo('POST', /\/threads$/).filter((r) => r.path.includes(String(message.id)))).toHaveLength(0);
  });
});

describe('a thread carries a conversation', () => {
  it('answers "tell me more", "source?" and an elliptical follow-up from the thread, each ending with how to ask more', async () => {
    const question = fake.userMessage(`${mentionOf(fake)} What does the plan say about NATO?`);
    const thread = String(question.id);
    const first = await say_(fake, question, postTo(thread));
    const hint = `-# ${say('en', 'adapter.hint.mentionOrReply')}`;
    expect(String(first.content).split('\n').at(-1)).toBe(hint);

    // A reply that pings the bot counts as a mention: no Message Content intent needed.
    const more = await say_(fake, { ...fake.userMessage('tell me more', { channelId: thread }), message_reference: { message_id: thread, channel_id: thread } }, postTo(thread));
    expect(shown(more)).toContain('The plan limits Ukraine’s military to 600,000 personnel, **prohibits NATO troop deployments in Ukraine**, and stations European fighter jets in Poland.');
    expect(embedsOf(more).map((e) => e.title)).toContain('plan-article:7');

    const source = await say_(fake, fake.userMessage(`${mentionOf(fake)} source?`, { channelId: thread }), postTo(thread));
    expect(shown(source)).toContain('Associated Press');

    const elliptical = await say_(fake, fake.userMessage(`${mentionOf(fake)} what about Crimea then?`, { channelId: thread }), postTo(thread));
    expect(embedsOf(elliptical).map((e) => e.title)).toContain('plan-article:13.1');
    expect(String(elliptical.content).split('\n').at(-1)).toBe(hint);
  });
});

describe('permissions', () => {
  const deny = async (bits: bigint, push = true): Promise<void> => {
    fake.botDeny = bits;
    if (push) {
      fake.pushChannel();
      await vi.waitFor(() => {
        const channel = bot.discord.client.channels.cache.get(fake.ids.channel);
        expect(channel && 'permissionOverwrites' in channel ? channel.permissionOverwrites.cache.size : 0).toBe(bits ? 1 : 0);
      });
    }
  };
  const restore = (): Promise<void> => deny(0n);

  it('answers in plain text, quotes included, where it may not embed links, and logs it as plain', async () => {
    await deny(PermissionFlagsBits.EmbedLinks);
    try {
      const message = fake.userMessage(`${mentionOf(fake)} clause 7.2`);
      const post = await say_(fake, message, postTo(String(message.id)));
      expect(embedsOf(post)).toEqual([]);
      expect(String(post.content)).toContain('prohibits NATO troop deployments in Ukraine');
      await vi.waitFor(() => expect(bot.logs().find((l) => l.messageId === message.id && l.msg === 'question handled')).toMatchObject({ delivered: true, where: 'thread', plain: true }));
    } finally {
      await restore();
    }
  });

  it('answers in the channel without thread permissions, and by DM, saying why, without Send Messages', async () => {
    await deny(PermissionFlagsBits.SendMessagesInThreads);
    try {
      const message = fake.userMessage(`${mentionOf(fake)} clause 13.1`);
      const post = await say_(fake, message, postTo(fake.ids.channel));
      expect(embedsOf(post).map((e) => e.title).filter(Boolean)).toEqual(['plan-article:13.1']);
      expect(fake.requestsTo('POST', /\/threads$/).filter((r) => r.path.includes(String(message.id)))).toHaveLength(0);
    } finally {
      await restore();
    }
    await deny(PermissionFlagsBits.SendMessages | PermissionFlagsBits.SendMessagesInThreads);
    try {
      const message = fake.userMessage(`${mentionOf(fake)} clause 10.1`);
      fake.dispatch('MESSAGE_CREATE', message);
      const dm = await fake.waitForRequest((r) => r.method === 'POST' && fake.dmChannels.has(r.path.split('/')[2]!) && shown(r.body as JsonObject).includes('plan-article:10.1'));
      expect(String((dm.body as JsonObject).content)).toMatch(/^I couldn't answer in the channel \(missing Send Messages\)/);
      await vi.waitFor(() => expect(bot.logs().find((l) => l.messageId === message.id && l.msg === 'question handled')).toMatchObject({ delivered: true, where: 'dm', reason: 'missing Send Messages' }));
    } finally {
      await restore();
    }
  });

  it('shows the quoted clause in bold where it may not embed links, never as a literal \\*', async () => {
    await deny(PermissionFlagsBits.EmbedLinks);
    try {
      const message = fake.userMessage(`${mentionOf(fake)} What does the plan say about NATO?`);
      const post = await say_(fake, message, postTo(String(message.id)));
      expect(String(post.content)).not.toContain('\\*');
      expect(String(post.content)).toContain('**prohibits NATO troop deployments in Ukraine**');
    } finally {
      await restore();
    }
  });

  it('without Create Public Threads answers in the channel without the "ask more in this thread" hint, since no thread holds the conversation', async () => {
    await deny(PermissionFlagsBits.CreatePublicThreads);
    try {
      const message = fake.userMessage(`${mentionOf(fake)} clause 13.1`);
      const post = await say_(fake, message, postTo(fake.ids.channel));
      expect(embedsOf(post).map((e) => e.title).filter(Boolean)).toEqual(['plan-article:13.1']);
      expect(String(post.content)).not.toContain(say('en', 'adapter.hint.mentionOrReply'));
    } finally {
      await restore();
    }
  });

  it('falls back when Discord answers 403 although the cache said yes, and never logs a failed answer as delivered', async () => {
    await deny(PermissionFlagsBits.CreatePublicThreads, false);
    try {
      const message = fake.userMessage(`${mentionOf(fake)} clause 12.1`);
      const post = await say_(fake, message, postTo(fake.ids.channel));
      expect(embedsOf(post).map((e) => e.title).filter(Boolean)).toEqual(['plan-article:12.1']);
      expect(bot.logs().find((l) => l.messageId === message.id && l.level === 'warn')).toMatchObject({ reason: '50013: Missing Permissions' });
    } finally {
      fake.botDeny = 0n;
    }
    // Nothing gets through: not the channel (403), not a DM (the asker's DMs are closed).
    await deny(PermissionFlagsBits.SendMessages | PermissionFlagsBits.SendMessagesInThreads | PermissionFlagsBits.CreatePublicThreads, false);
    fake.closedDms.add('1200000000000000077');
    const message = fake.userMessage(`${mentionOf(fake)} what about bananas?`, { userId: '1200000000000000077' });
    fake.dispatch('MESSAGE_CREATE', message);
    try {
      await vi.waitFor(() => expect(bot.logs().find((l) => l.messageId === message.id && l.msg === 'question handled')).toMatchObject({ delivered: false }));
    } finally {
      fake.botDeny = 0n;
    }
  });
});

describe('edits', () => {
  it('edits its answer in place when the question is edited, also after a restart, and answers an unknown edit once', async () => {
    const f = await FakeDiscord.start({ heartbeatInterval: 250 });
    const file = join(dir, 'discord-conversations.json');
    const storeA = new JsonFileStore(file);
    let first = await startBot(f, storeA);
    try {
      const question = f.userMessage(`${mentionOf(f)} What does the plan say about NATO?`);
      f.dispatch('MESSAGE_CREATE', question);
      await f.waitForRequest(postTo(String(question.id)));
      await first.discord.stop();
      // What main.ts does on exit.
      storeA.flush();
      first = await startBot(f, new JsonFileStore(file));
      f.dispatch('MESSAGE_UPDATE', f.editedMessage(question, `${mentionOf(f)} Is Crimea recognized as Russian?`));
      const patch = await f.waitForRequest((r) => r.method === 'PATCH' && r.path.startsWith(`/channels/${String(question.id)}/messages/`));
      expect(embedsOf(patch.body as JsonObject).map((e) => e.title)).toContain('plan-article:13.1');
      // The thread now follows the edited question.
      const more = await say_(f, f.userMessage(`${mentionOf(f)} more`, { channelId: String(question.id) }), postTo(String(question.id)));
      expect(shown(more)).toContain('Kherson');

      const unknown = f.userMessage('no mention yet', { mentionsBot: false });
      f.dispatch('MESSAGE_CREATE', unknown);
      const edited = { ...f.editedMessage(unknown, `${mentionOf(f)} clause 7.2`), mentions: (f.userMessage('x').mentions as JsonObject[]) };
      f.dispatch('MESSAGE_UPDATE', edited);
      f.dispatch('MESSAGE_UPDATE', edited);
      await f.waitForRequest(postTo(String(unknown.id)));
      await vi.waitFor(() => expect(first.logs().filter((l) => l.messageId === unknown.id && l.msg === 'question handled')).toHaveLength(1));
      expect(f.requestsTo('POST', new RegExp(`^/channels/${String(unknown.id)}/messages$`))).toHaveLength(1);
    } finally {
      await first.discord.stop();
      await f.close();
    }
  });
});

describe('failing loudly', () => {
  it.each([4004, 4014])('reports gateway close %i as fatal, with its meaning', async (code) => {
    const f = await FakeDiscord.start({ heartbeatInterval: 250 });
    const b = await startBot(f);
    try {
      f.closeSession(code);
      await vi.waitFor(() => expect(b.fatal).toHaveLength(1));
      expect(b.fatal[0]!.code).toBe(code);
      expect(b.fatal[0]!.explanation).toMatch(code === 4004 ? /code 4004: authentication failed: DISCORD_TOKEN/ : /code 4014: disallowed intents/);
      expect(b.logs().find((l) => l.level === 'error' && l.code === code)?.msg).toMatch(/gateway closed for good/);
    } finally {
      await b.discord.stop();
      await f.close();
    }
  });

  it('answers a question and its edit that arrive together once, with the edited question', async () => {
    const message = fake.userMessage(`${mentionOf(fake)} clause 10.1`);
    const before = fake.requests.length;
    fake.dispatch('MESSAGE_CREATE', message);
    fake.dispatch('MESSAGE_UPDATE', fake.editedMessage(message, `${mentionOf(fake)} clause 12.1`));
    await vi.waitFor(() => expect(bot.logs().filter((l) => l.messageId === message.id && l.msg === 'question handled').length).toBeGreaterThanOrEqual(2));
    const answers = fake.requests.slice(before).filter((r) => r.method === 'POST' && (r.path === `/channels/${String(message.id)}/messages` || r.path === `/channels/${fake.ids.channel}/messages`) && shown(r.body as JsonObject).includes('plan-article:1'));
    expect(answers).toHaveLength(1);
  });

  it('deletes its answer when the question is deleted', async () => {
    const message = fake.userMessage(`${mentionOf(fake)} what about bananas?`);
    const post = await say_(fake, message, postTo(fake.ids.channel));
    await vi.waitFor(() => expect(bot.logs().find((l) => l.messageId === message.id && l.msg === 'question handled')).toBeDefined());
    const answer = fake.requests.find((r) => r.method === 'POST' && r.body === post);
    expect(answer).toBeDefined();
    fake.dispatch('MESSAGE_DELETE', { id: message.id!, channel_id: fake.ids.channel, guild_id: message.guild_id! });
    const removal = await fake.waitForRequest((r) => r.method === 'DELETE' && r.path.startsWith(`/channels/${fake.ids.channel}/messages/`));
    expect(removal.path).not.toBe(`/channels/${fake.ids.channel}/messages/${String(message.id)}`);
  });

  it('logs a 429 from Discord, then answers', async () => {
    fake.rateLimitNext = 1;
    const message = fake.userMessage(`${mentionOf(fake)} what about bananas?`);
    await say_(fake, message, (r) => postTo(fake.ids.channel)(r) && String((r.body as JsonObject).content).includes('bananas') && fake.rateLimitNext === 0);
    await vi.waitFor(() => expect(bot.logs().find((l) => l.msg === 'rate limited by Discord; waiting')).toMatchObject({ level: 'warn' }));
    await vi.waitFor(() => expect(bot.logs().find((l) => l.messageId === message.id && l.msg === 'question handled')).toMatchObject({ delivered: true }));
  });

  it('/clause autocomplete for "nato" lists the NATO clauses', async () => {
    const interaction = fake.interaction('clause', [{ name: 'id', type: 3, value: 'nato', focused: true }], { type: 4 });
    fake.dispatch('INTERACTION_CREATE', interaction);
    const callback = await fake.waitForRequest((r) => r.path === `/interactions/${String(interaction.id)}/${String(interaction.token)}/callback`);
    const choices = ((callback.body as JsonObject).data as JsonObject).choices as JsonObject[];
    expect(choices.map((c) => c.value)).toEqual(expect.arrayContaining(['plan-article:5.1', 'plan-article:7.2']));
    expect(choices.every((c) => String(c.name).length <= 100)).toBe(true);
  });
});

describe('a threaded conversation, end to end', () => {
  it('question, "tell me more", an elliptical follow-up and an edit, as a transcript (written to $TRANSCRIPT_DIR when set)', async () => {
    const lines: string[] = [];
    const question = fake.userMessage(`${mentionOf(fake)} what does it say about NATO? cc <@123456789012345678> <:pray:123456789012345678>`);
    const thread = String(question.id);
    const turn = async (message: JsonObject, where: string): Promise<JsonObject> => {
      lines.push(`user: ${String(message.content)}`);
      const post = await say_(fake, message, postTo(where));
      lines.push(`bot (in ${where === thread ? 'the thread' : where}):\n${shown(post)}`);
      return post;
    };
    await turn(question, thread);
    const thread_ = await fake.waitForRequest((r) => r.path.endsWith(`/messages/${thread}/threads`));
    lines.splice(1, 0, `bot opens a thread named "${String((thread_.body as JsonObject).name)}"`);
    const more = await turn(fake.userMessage(`${mentionOf(fake)} tell me more`, { channelId: thread }), thread);
    const elliptical = await turn(fake.userMessage(`${mentionOf(fake)} and for Russia?`, { channelId: thread }), thread);
    const edited = `${mentionOf(fake)} Is Crimea recognized as Russian?`;
    lines.push(`user edits the first message to: ${edited}`);
    fake.dispatch('MESSAGE_UPDATE', fake.editedMessage(question, edited));
    const patch = await fake.waitForRequest((r) => r.method === 'PATCH' && r.path.startsWith(`/channels/${thread}/messages/`));
    lines.push(`bot (edits its answer, PATCH ${patch.path}):\n${shown(patch.body as JsonObject)}`);
    expect(shown(more)).toContain('and stations European fighter jets in Poland.');
    expect(shown(elliptical)).toContain('NATO');
    expect(shown(patch.body as JsonObject)).toContain('plan-article:13.1');
    if (process.env.TRANSCRIPT_DIR) writeFileSync(join(process.env.TRANSCRIPT_DIR, 'discord.txt'), `${lines.join('\n\n')}\n`);
  });
});
