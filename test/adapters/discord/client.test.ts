/**
 * The real discord.js client, built by createDiscordBot, against the fake Discord on 127.0.0.1:
 * gateway handshake, slash commands, autocomplete, mentions and threads, limits, pings and failures.
 */
import { GatewayIntentBits, MessageFlags } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createDiscordBot, type DiscordBot } from '../../../adapters/discord/client.js';
import { discordEnvSchema } from '../../../adapters/discord/config.js';
import type { AnswerSource } from '../../../adapters/discord/context.js';
import { PlanBot } from '../../../src/dialogue/bot.js';
import type { AskContext } from '../../../src/dialogue/conversation.js';
import { parseEnv } from '../../../src/runtime/config.js';
import { sentenceGroups } from '../../../src/wording/present.js';
import { createLogger } from '../../../src/runtime/logger.js';
import { hugeAnswer } from './answers.js';
import { FakeDiscord, messageLimitErrors, Op, type JsonObject, type RecordedRequest } from './fake-discord.js';

/** Questions the test double answers itself instead of passing them to the core. */
const FAIL = 'please fail inside the core';
const HUGE = 'please answer at great length';

interface Harness {
  fake: FakeDiscord;
  discord: DiscordBot;
  /** Parsed log lines. */
  logs: Record<string, unknown>[];
  /** The raw log output. */
  logText: () => string;
  /** What the adapter passed to the core. */
  asked: { question: string; context: AskContext | undefined }[];
  close(): Promise<void>;
}

/** The real core, except for two trigger questions: one throws, one returns an answer far over Discord's limits. */
function coreWithTriggers(asked: Harness['asked']): AnswerSource {
  const core = PlanBot.load();
  return {
    ask(question: string, context?: AskContext) {
      asked.push({ question, context });
      if (question === FAIL) throw new Error('the index exploded');
      if (question === HUGE) return hugeAnswer(12, 3000);
      return core.ask(question, context);
    },
    get passageIds() {
      return core.passageIds;
    },
  };
}

async function startHarness(env: Record<string, string> = {}): Promise<Harness> {
  const fake = await FakeDiscord.start({ heartbeatInterval: 250 });
  const chunks: string[] = [];
  const logger = createLogger({ level: 'debug', destination: { write: (line: string) => void chunks.push(line) } });
  const config = parseEnv(discordEnvSchema, {
    DISCORD_TOKEN: fake.token,
    DISCORD_APPLICATION_ID: fake.ids.application,
    DISCORD_API_URL: fake.apiUrl,
    ...env,
  });
  const asked: Harness['asked'] = [];
  const discord = createDiscordBot({ config, bot: coreWithTriggers(asked), logger });
  await discord.start();
  return {
    fake,
    discord,
    asked,
    get logs() {
      return chunks.join('').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
    },
    logText: () => chunks.join(''),
    async close() {
      await discord.stop();
      await fake.close();
    },
  };
}

const callbackPath = (i: JsonObject): string => `/interactions/${String(i.id)}/${String(i.token)}/callback`;

/** Dispatches an interaction and resolves with its callback. */
async function interact(h: Harness, interaction: JsonObject): Promise<RecordedRequest> {
  h.fake.dispatch('INTERACTION_CREATE', interaction);
  return h.fake.waitForRequest((r) => r.method === 'POST' && r.path === callbackPath(interaction));
}

/**
 * Waits until the client has answered a later interaction: events are handled in order, so anything an
 * earlier one was going to send has been sent by then.
 */
async function settle(h: Harness): Promise<void> {
  await interact(h, h.fake.interaction('help', []));
}

const ask = (h: Harness, question: string, extra: JsonObject[] = []): JsonObject =>
  h.fake.interaction('ask', [{ name: 'question', type: 3, value: question }, ...extra]);

/** The `data` of an interaction callback. */
function dataOf(r: RecordedRequest): JsonObject {
  const body = r.body as JsonObject;
  return body.data as JsonObject;
}

const embedsOf = (message: JsonObject): JsonObject[] => (message.embeds ?? []) as JsonObject[];
const flagsOf = (message: JsonObject): number => (typeof message.flags === 'number' ? message.flags : 0);

/** Everything a message shows: content, embed titles, descriptions and footers. */
function shownText(message: JsonObject): string {
  const embeds = embedsOf(message).map((e) => [e.title, e.description, (e.footer as JsonObject | undefined)?.text].filter(Boolean).join('\n'));
  return [message.content, ...embeds].join('\n');
}

/** Asserts that a message can ping nobody: allowed_mentions parses nothing and lists no user or role. */
function expectNoPings(message: JsonObject): void {
  const allowed = message.allowed_mentions as JsonObject;
  expect(allowed).toBeDefined();
  expect(allowed.parse).toEqual([]);
  expect(allowed.users ?? []).toEqual([]);
  expect(allowed.roles ?? []).toEqual([]);
  expect(allowed.replied_user ?? false).toBe(false);
  expect(shownText(message)).not.toMatch(/@everyone|@here|<@!?\d+>|<@&\d+>/);
}

describe('the Discord bot against a fake Discord', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  describe('connecting', () => {
    it('asks the gateway for JSON without compression, a protocol the fake speaks', () => {
      expect(h.fake.gatewayQueries).toHaveLength(1);
      const query = h.fake.gatewayQueries[0]!;
      expect(query.get('v')).toBe('10');
      expect(query.get('encoding')).toBe('json');
      expect(query.has('compress')).toBe(false);
    });

    it('identifies with its token and only the Guilds, GuildMessages and DirectMessages intents: nothing privileged', async () => {
      const identify = await h.fake.waitForGateway((p) => p.op === Op.Identify);
      const d = identify.d as JsonObject;
      expect(d.token).toBe(h.fake.token);
      expect(d.compress).toBe(false);
      expect(d.intents).toBe(GatewayIntentBits.Guilds | GatewayIntentBits.GuildMessages | GatewayIntentBits.DirectMessages);
      const privileged = GatewayIntentBits.MessageContent | GatewayIntentBits.GuildMembers | GatewayIntentBits.GuildPresences;
      expect(Number(d.intents) & privileged).toBe(0);
    });

    it('heartbeats, gets ACKs and so keeps its first connection', async () => {
      await h.fake.waitForGateway((p) => p.op === Op.Heartbeat);
      const first = h.fake.received.filter((p) => p.op === Op.Heartbeat).length;
      await h.fake.waitForGateway((p) => p.op === Op.Heartbeat && h.fake.received.filter((q) => q.op === Op.Heartbeat).length > first);
      // Without ACKs discord.js would call the connection a zombie and reconnect.
      expect(h.fake.gatewayQueries).toHaveLength(1);
      expect(h.discord.client.ws.ping).toBeGreaterThanOrEqual(0);
    });

    it('sees the fake guild and its channel once ready', () => {
      expect(h.discord.client.isReady()).toBe(true);
      expect(h.discord.client.guilds.cache.has(h.fake.ids.guild)).toBe(true);
      expect(h.discord.client.channels.cache.has(h.fake.ids.channel)).toBe(true);
    });
  });

  describe('/ask', () => {
    it('answers with one ephemeral interaction callback that quotes the clause with its citation id', async () => {
      const interaction = ask(h, 'What does the plan say about NATO?');
      const callback = await interact(h, interaction);
      await settle(h);
      expect(h.fake.requestsTo('POST', new RegExp(`^/interactions/${String(interaction.id)}/`))).toHaveLength(1);
      expect(h.fake.requestsTo('POST', new RegExp(`/webhooks/\\d+/${String(interaction.token)}`))).toHaveLength(0);
      expect((callback.body as JsonObject).type).toBe(4);
      const data = dataOf(callback);
      expect(flagsOf(data) & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
      expect((data.allowed_mentions as JsonObject).parse).toEqual([]);
      expect(data.content).toBe('What the summary says about NATO:');
      const nato = embedsOf(data).find((e) => e.title === 'plan-article:5.1');
      expect(nato?.description).toBe('> It requires Kyiv to constitutionally commit to not joining **NATO**, with **NATO** formally pledging the same.');
      expect(String(embedsOf(data).at(-1)?.description)).toContain('(news summary)');
    });

    it('quotes the same clauses, in the same order, as the core', async () => {
      const question = 'How many soldiers can Ukraine keep?';
      const expected = PlanBot.load().ask(question);
      const data = dataOf(await interact(h, ask(h, question)));
      expect(expected.kind).toBe('answered');
      if (expected.kind !== 'answered') return;
      // Clauses of one sentence share its embed, titled with both ids.
      const titles = sentenceGroups(expected.citations).map((g) => g.citations.map((c) => c.id).join(' · '));
      expect(embedsOf(data).map((e) => e.title)).toEqual([...titles, undefined]);
      expect(titles[0]).toBe('plan-article:7.1 · plan-article:7.2');
      expect(data.content).toBe(expected.lead);
    });

    it('answers publicly when public is true', async () => {
      const data = dataOf(await interact(h, ask(h, 'Is Crimea recognized as Russian?', [{ name: 'public', type: 5, value: true }])));
      expect(flagsOf(data) & MessageFlags.Ephemeral).toBe(0);
      expect(embedsOf(data).map((e) => e.title)).toContain('plan-article:13.1');
      expect((data.allowed_mentions as JsonObject).parse).toEqual([]);
    });

    it('stays ephemeral when public is false', async () => {
      const data = dataOf(await interact(h, ask(h, 'Is Crimea recognized as Russian?', [{ name: 'public', type: 5, value: false }])));
      expect(flagsOf(data) & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
    });

    it('passes the asker to the core as discord:<user id>, from the discord surface', async () => {
      const userId = '1200000000000000042';
      const interaction = h.fake.interaction('ask', [{ name: 'question', type: 3, value: 'What about sanctions?' }], { userId });
      await interact(h, interaction);
      expect(h.asked.find((a) => a.question === 'What about sanctions?')?.context).toEqual({ user: `discord:${userId}`, surface: 'discord' });
    });

    it('logs one line per question with surface, latency, outcome, citation ids and the interaction id, but not the text', async () => {
      const interaction = ask(h, 'Will NATO troops be deployed in Ukraine?');
      await interact(h, interaction);
      // The line is written once Discord has taken the reply.
      await settle(h);
      const lines = h.logs.filter((l) => l.interactionId === interaction.id);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatchObject({ msg: 'question handled', surface: 'discord', via: 'slash', command: 'ask', outcome: 'answered', questionLength: 40 });
      expect(lines[0]!.citations).toContain('plan-article:7.2');
      expect(typeof lines[0]!.latencyMs).toBe('number');
      expect(lines[0]).not.toHaveProperty('question');
    });

    it('cuts an answer longer than Discord allows to fit, the same way every time', async () => {
      const first = dataOf(await interact(h, ask(h, HUGE)));
      const second = dataOf(await interact(h, ask(h, HUGE)));
      // The fake answers 400 to anything over Discord's limits, which would have brought an apology instead.
      expect(messageLimitErrors(first)).toEqual([]);
      expect(embedsOf(first)).toHaveLength(10);
      expect(first.content).toBe('12 passages address NATO:\n…and 3 more: big-doc:10.1, big-doc:11.1, big-doc:12.1');
      expect({ content: second.content, embeds: second.embeds }).toEqual({ content: first.content, embeds: first.embeds });
    });

    it('answers a failure of the core with an ephemeral apology naming the interaction, and logs it with that id', async () => {
      const interaction = ask(h, FAIL, [{ name: 'public', type: 5, value: true }]);
      const callback = await interact(h, interaction);
      await settle(h);
      expect(h.fake.requestsTo('POST', new RegExp(`^/interactions/${String(interaction.id)}/`))).toHaveLength(1);
      const data = dataOf(callback);
      expect(flagsOf(data) & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
      expect(data.content).toMatch(/^Sorry/);
      expect(data.content).toContain(String(interaction.id));
      expect((data.allowed_mentions as JsonObject).parse).toEqual([]);
      const error = h.logs.find((l) => l.interactionId === interaction.id && l.level === 'error');
      expect(error).toMatchObject({ msg: 'question failed', outcome: 'error' });
      expect(JSON.stringify(error)).toContain('the index exploded');
    });

    it('still apologises, ephemerally, when Discord refuses the answer', async () => {
      h.fake.refuseCallbacks = 1;
      const interaction = ask(h, 'What about borders?', [{ name: 'public', type: 5, value: true }]);
      h.fake.dispatch('INTERACTION_CREATE', interaction);
      const apology = await h.fake.waitForRequest((r) => r.path === callbackPath(interaction) && String(dataOf(r).content).startsWith('Sorry'));
      const callbacks = h.fake.requestsTo('POST', new RegExp(`^/interactions/${String(interaction.id)}/`));
      expect(callbacks).toHaveLength(2);
      expect(embedsOf(dataOf(callbacks[0]!)).length).toBeGreaterThan(0);
      expect(flagsOf(dataOf(apology)) & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
      expect(h.logs.find((l) => l.interactionId === interaction.id && l.msg === 'reply failed')).toBeDefined();
    });
  });

  describe('/clause, /topics, /sources and /help', () => {
    it('/clause returns the passage with its id', async () => {
      const data = dataOf(await interact(h, h.fake.interaction('clause', [{ name: 'id', type: 3, value: 'plan-article:7.2' }])));
      expect(data.content).toBe('Passage plan-article:7.2:');
      expect(embedsOf(data)).toHaveLength(2);
      expect(embedsOf(data)[0]).toMatchObject({
        title: 'plan-article:7.2',
        description: '> The plan limits Ukraine’s military to 600,000 personnel, **prohibits NATO troop deployments in Ukraine**, and stations European fighter jets in Poland.',
      });
    });

    it('/clause accepts a short id, as the core does', async () => {
      const data = dataOf(await interact(h, h.fake.interaction('clause', [{ name: 'id', type: 3, value: '13.1' }])));
      expect(embedsOf(data)[0]?.title).toBe('plan-article:13.1');
    });

    it('/clause autocomplete offers the matching citation ids, best matches first', async () => {
      const interaction = h.fake.interaction('clause', [{ name: 'id', type: 3, value: '7.', focused: true }], { type: 4 });
      const callback = await interact(h, interaction);
      const body = callback.body as JsonObject;
      expect(body.type).toBe(8);
      const choices = (body.data as JsonObject).choices as JsonObject[];
      const values = choices.map((c) => c.value);
      expect(values.slice(0, 3)).toEqual(['plan-article:7.1', 'plan-article:7.2', 'plan-article:7.3']);
      expect(values.every((v) => String(v).includes('7.'))).toBe(true);
      expect(choices.every((c) => c.name === c.value)).toBe(true);
      expect(choices.length).toBeLessThanOrEqual(25);
    });

    it('/clause autocomplete with nothing typed offers the first 25 ids', async () => {
      const interaction = h.fake.interaction('clause', [{ name: 'id', type: 3, value: '', focused: true }], { type: 4 });
      const choices = ((await interact(h, interaction)).body as JsonObject).data as JsonObject;
      expect((choices.choices as JsonObject[]).map((c) => c.value)).toEqual(PlanBot.load().passageIds.slice(0, 25));
    });

    it('/topics, /sources and /help answer in the core\'s words', async () => {
      const core = PlanBot.load();
      for (const command of ['topics', 'sources', 'help']) {
        const data = dataOf(await interact(h, h.fake.interaction(command, [])));
        expect(String(data.content)).toContain(core.ask(command).lead);
        expect((data.allowed_mentions as JsonObject).parse).toEqual([]);
      }
    });
  });

  describe('mentions', () => {
    it('starts a thread on a mentioning message, named after the question, and answers inside it', async () => {
      const message = h.fake.userMessage(`<@${h.fake.ids.bot}> What does the plan say about NATO?`);
      h.fake.dispatch('MESSAGE_CREATE', message);
      const thread = await h.fake.waitForRequest((r) => r.path === `/channels/${h.fake.ids.channel}/messages/${String(message.id)}/threads`);
      expect(thread.method).toBe('POST');
      expect((thread.body as JsonObject).name).toBe('What does the plan say about NATO?');
      const post = await h.fake.waitForRequest((r) => r.method === 'POST' && r.path === `/channels/${String(message.id)}/messages`);
      const body = post.body as JsonObject;
      // The lead, then how to ask more, in Discord's small subtext.
      expect(body.content).toMatch(/^What the summary says about NATO:\n-# To ask more, mention me in this thread or reply to my answer/);
      expect(embedsOf(body).map((e) => e.title)).toContain('plan-article:5.1');
      expectNoPings(body);
      expect(h.fake.requestsTo('POST', new RegExp(`^/channels/${h.fake.ids.channel}/messages$`))).toHaveLength(0);
      // Written once Discord has taken the answer, so it may follow the request by a moment.
      await vi.waitFor(() => expect(h.logs.find((l) => l.messageId === message.id)).toMatchObject({ msg: 'question handled', via: 'mention', outcome: 'answered', delivered: true, where: 'thread' }));
    });

    it('answers a mention inside a thread in that thread, without starting another', async () => {
      const message = h.fake.userMessage(`<@!${h.fake.ids.bot}> Is Crimea recognized as Russian?`, { channelId: h.fake.ids.thread });
      h.fake.dispatch('MESSAGE_CREATE', message);
      const post = await h.fake.waitForRequest((r) => r.method === 'POST' && r.path === `/channels/${h.fake.ids.thread}/messages`);
      const body = post.body as JsonObject;
      expect(embedsOf(body).map((e) => e.title)).toContain('plan-article:13.1');
      expectNoPings(body);
      expect(h.fake.requestsTo('POST', /\/threads$/).filter((r) => r.path.includes(String(message.id)))).toHaveLength(0);
    });

    it('strips its own mention from the question it passes to the core', async () => {
      const message = h.fake.userMessage(`<@${h.fake.ids.bot}>   What about  amnesty? <@!${h.fake.ids.bot}>`);
      h.fake.dispatch('MESSAGE_CREATE', message);
      await h.fake.waitForRequest((r) => r.method === 'POST' && r.path === `/channels/${String(message.id)}/messages`);
      expect(h.asked.map((a) => a.question)).toContain('What about amnesty?');
    });

    it('answers a bare mention in place, without a thread', async () => {
      const message = h.fake.userMessage(`<@${h.fake.ids.bot}>`);
      h.fake.dispatch('MESSAGE_CREATE', message);
      const post = await h.fake.waitForRequest(
        (r) => r.method === 'POST' && r.path === `/channels/${h.fake.ids.channel}/messages` && /^Please ask/.test(String((r.body as JsonObject).content)),
      );
      expectNoPings(post.body as JsonObject);
      expect(h.fake.requestsTo('POST', /\/threads$/).filter((r) => r.path.includes(String(message.id)))).toHaveLength(0);
    });

    it('answers in the channel when it may not start a thread, and logs why', async () => {
      h.fake.refuseThreads = true;
      try {
        const message = h.fake.userMessage(`<@${h.fake.ids.bot}> What about the Ukraine Development Fund?`);
        h.fake.dispatch('MESSAGE_CREATE', message);
        const post = await h.fake.waitForRequest(
          (r) => r.method === 'POST' && r.path === `/channels/${h.fake.ids.channel}/messages` && embedsOf(r.body as JsonObject).some((e) => e.title === 'plan-article:12.1'),
        );
        expectNoPings(post.body as JsonObject);
        expect(h.logs.find((l) => l.messageId === message.id && l.level === 'warn')).toMatchObject({ msg: 'could not start a thread; answering in the channel' });
      } finally {
        h.fake.refuseThreads = false;
      }
    });

    it('ignores messages that do not mention it, and messages from bots', async () => {
      const plain = h.fake.userMessage('What does the plan say about NATO?', { mentionsBot: false });
      const fromBot: JsonObject = { ...h.fake.userMessage(`<@${h.fake.ids.bot}> NATO?`), author: { ...h.fake.user('1200000000000000099'), bot: true } };
      h.fake.dispatch('MESSAGE_CREATE', plain);
      h.fake.dispatch('MESSAGE_CREATE', fromBot);
      await settle(h);
      const touched = h.fake.requests.filter((r) => r.path.includes(String(plain.id)) || r.path.includes(String(fromBot.id)));
      expect(touched).toEqual([]);
    });

    it('answers a direct message in the DM', async () => {
      const message = h.fake.directMessage('What happens to the frozen Russian assets?');
      h.fake.dispatch('MESSAGE_CREATE', message);
      const post = await h.fake.waitForRequest((r) => r.method === 'POST' && r.path === `/channels/${String(message.channel_id)}/messages`);
      expect(embedsOf(post.body as JsonObject).map((e) => e.title)).toContain('plan-article:10.1');
      expectNoPings(post.body as JsonObject);
    });

    it('apologises in place when the core fails on a mention, and logs the message id', async () => {
      const message = h.fake.userMessage(`<@${h.fake.ids.bot}> ${FAIL}`);
      h.fake.dispatch('MESSAGE_CREATE', message);
      const post = await h.fake.waitForRequest(
        (r) => r.method === 'POST' && r.path === `/channels/${h.fake.ids.channel}/messages` && String((r.body as JsonObject).content).includes(String(message.id)),
      );
      expect(String((post.body as JsonObject).content)).toMatch(/^Sorry/);
      expectNoPings(post.body as JsonObject);
      expect(h.logs.find((l) => l.messageId === message.id && l.level === 'error')).toMatchObject({ msg: 'question failed' });
    });
  });

  describe('pings', () => {
    const hostile = (bot: string): string => `<@${bot}> @everyone @here <@123> <@&456> what does the plan say about NATO?`;

    it('a mention whose question contains @everyone and <@123> pings nobody, in the thread or its name', async () => {
      const message: JsonObject = { ...h.fake.userMessage(hostile(h.fake.ids.bot), { mentionEveryone: true }), mention_roles: ['456'] };
      h.fake.dispatch('MESSAGE_CREATE', message);
      const post = await h.fake.waitForRequest((r) => r.method === 'POST' && r.path === `/channels/${String(message.id)}/messages`);
      expectNoPings(post.body as JsonObject);
    });

    it('a public /ask whose question contains @everyone and <@123> pings nobody', async () => {
      const data = dataOf(await interact(h, ask(h, '@everyone <@123> <@&456> @here what about bananas?', [{ name: 'public', type: 5, value: true }])));
      expect(flagsOf(data) & MessageFlags.Ephemeral).toBe(0);
      expectNoPings(data);
    });
  });

  describe('secrets', () => {
    it('never writes the token to the log', () => {
      expect(h.logs.length).toBeGreaterThan(5);
      expect(h.logText()).not.toContain(h.fake.token);
    });
  });
});

describe('with DISCORD_PUBLIC_DEFAULT=true', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ DISCORD_PUBLIC_DEFAULT: 'true' });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('answers /ask publicly when the asker does not choose', async () => {
    const data = dataOf(await interact(h, ask(h, 'What about elections?')));
    expect(flagsOf(data) & MessageFlags.Ephemeral).toBe(0);
  });

  it('still lets the asker choose public:false', async () => {
    const data = dataOf(await interact(h, ask(h, 'What about elections?', [{ name: 'public', type: 5, value: false }])));
    expect(flagsOf(data) & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
  });

  it('keeps feedback for the asker alone ephemeral, such as a question with no words', async () => {
    const data = dataOf(await interact(h, ask(h, '?!')));
    expect(flagsOf(data) & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
    expect(data.content).toMatch(/no words/);
  });

  it('keeps apologies ephemeral', async () => {
    const data = dataOf(await interact(h, ask(h, FAIL)));
    expect(flagsOf(data) & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
  });
});
