import { Client, Events, GatewayCloseCodes, GatewayIntentBits, Partials, RESTEvents, ShardClientUtil } from 'discord.js';
import { JsonFileStore, type ConversationStore } from '../../src/state/conversation-store.js';
import type { Logger } from '../../src/runtime/logger.js';
import type { SharedState } from '../../src/state/shared-state.js';
import type { OutcomeStore } from '../../src/store/types.js';
import type { DiscordConfig } from './config.js';
import type { AnswerSource, HandlerContext } from './context.js';
import { handleInteraction } from './interactions.js';
import { handleDelete, handleEdit, handleMessage } from './messages.js';
import { isShardProcess } from './shard.js';

/**
 * The gateway intents the bot asks for. None is privileged: Discord includes the content of messages
 * that mention the bot, and of DMs, without the Message Content intent.
 */
export const INTENTS = [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages] as const;

/** What {@link createDiscordBot} needs. */
export interface DiscordBotOptions {
  config: Pick<DiscordConfig, 'DISCORD_TOKEN' | 'DISCORD_API_URL' | 'DISCORD_PUBLIC_DEFAULT' | 'LOG_QUESTIONS'>;
  bot: AnswerSource;
  logger: Logger;
  /** Which answer belongs to which question, and each thread's last turn; in memory by default. */
  conversations?: ConversationStore;
  /** Called when Discord closes the gateway for good (see {@link FATAL_CLOSES}); `main.ts` exits non-zero. */
  onFatal?: (code: number, explanation: string) => void;
  /** Claims and rate limits shared by replicas (`createSharedState`); default: the core's, in this process. */
  state?: SharedState;
  /** Where question outcomes and feedback are recorded; without it, answers have no feedback buttons. */
  store?: OutcomeStore;
}

/**
 * Gateway close codes after which discord.js does not reconnect, each with what to do about it. A
 * process that stays up without a gateway answers nothing; exiting non-zero lets a supervisor see it.
 */
export const FATAL_CLOSES: Readonly<Record<number, string>> = {
  [GatewayCloseCodes.AuthenticationFailed]: 'authentication failed: DISCORD_TOKEN was reset or is wrong; copy a new token from the Developer Portal\'s Bot page',
  [GatewayCloseCodes.InvalidShard]: 'invalid shard: the shard id or count sent was not valid',
  [GatewayCloseCodes.ShardingRequired]: 'sharding required: the bot is in too many servers for one connection; run it with shards',
  [GatewayCloseCodes.InvalidAPIVersion]: 'invalid API version: the gateway no longer accepts this discord.js version; update it',
  [GatewayCloseCodes.InvalidIntents]: 'invalid intents: the intents sent are not valid',
  [GatewayCloseCodes.DisallowedIntents]: 'disallowed intents: an intent the bot asks for is not enabled for it in the Developer Portal (Bot > Privileged Gateway Intents)',
};

/** The gateway closed for good: the message names the close code and what it means. */
export class FatalCloseError extends Error {
  constructor(readonly code: number) {
    super(`Discord closed the gateway with code ${code}: ${FATAL_CLOSES[code] ?? 'a code after which discord.js does not reconnect'}`);
    this.name = 'FatalCloseError';
  }
}

/** A Discord bot wired to the core: `start()` logs in and resolves once the client is ready. */
export interface DiscordBot {
  client: Client;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Builds the discord.js client and wires the handlers.
 *
 * @example
 * const discord = createDiscordBot({ config, bot: PlanBot.load(), logger });
 * await discord.start();
 */
export function createDiscordBot({ config, bot, logger, state, store, conversations, onFatal }: DiscordBotOptions): DiscordBot {
  const client = new Client({
    // As many shards as Discord recommends (required past 2,500 servers), all in this process. Under
    // `DISCORD_SHARDS` each process is spawned by discord.js's ShardingManager, which says which
    // shards it runs through the environment; discord.js reads that only when `shards` is left unset.
    ...(isShardProcess() ? {} : { shards: 'auto' as const }),
    intents: [...INTENTS],
    // DM channels are never cached in advance; without the partial, discord.js drops DMs. Messages are
    // partial so that an edit of a message from before a restart (not cached) still arrives.
    partials: [Partials.Channel, Partials.Message],
    // A client-wide default as well as on every payload, in case a send ever forgets.
    allowedMentions: { parse: [], repliedUser: false },
    ...(config.DISCORD_API_URL ? { rest: { api: config.DISCORD_API_URL } } : {}),
  });
  // One conversation store for every shard's context, in memory unless main.ts gives a file-backed one.
  const ctx: HandlerContext = {
    bot,
    logger,
    publicDefault: config.DISCORD_PUBLIC_DEFAULT,
    logQuestions: config.LOG_QUESTIONS,
    ...(state ? { state } : {}),
    store,
    conversations: conversations ?? new JsonFileStore(undefined),
  };
  const onShard = shardContext(client, ctx);

  client.on(Events.InteractionCreate, (interaction) => void handleInteraction(interaction, onShard(interaction.guildId)));
  client.on(Events.MessageCreate, (message) => {
    handleMessage(message, onShard(message.guildId)).catch((err: unknown) => logger.error({ err, surface: 'discord', messageId: message.id }, 'message handler failed'));
  });
  client.on(Events.Error, (err) => logger.error({ err, surface: 'discord' }, 'discord client error'));
  client.on(Events.Warn, (warning) => logger.warn({ surface: 'discord', warning }, 'discord client warning'));
  client.on(Events.MessageUpdate, (_old, message) => {
    handleEdit(message, onShard(message.guildId)).catch((err: unknown) => logger.error({ err, surface: 'discord', messageId: message.id }, 'edit handler failed'));
  });
  client.on(Events.MessageDelete, (message) => {
    handleDelete(message, onShard(message.guildId)).catch((err: unknown) => logger.error({ err, surface: 'discord', messageId: message.id }, 'delete handler failed'));
  });
  // A 429 makes discord.js wait before sending; logged, so a slow answer has a visible cause.
  client.rest.on(RESTEvents.RateLimited, (info) =>
    logger.warn({ surface: 'discord', route: info.route, method: info.method, retryAfterMs: info.retryAfter, global: info.global, scope: info.scope }, 'rate limited by Discord; waiting'),
  );
  let fatal: (err: FatalCloseError) => void = () => {};
  const closedForGood = new Promise<never>((_, reject) => (fatal = reject));
  closedForGood.catch(() => {});
  client.on(Events.ShardDisconnect, (event, shardId) => {
    const err = new FatalCloseError(event.code);
    logger.error({ surface: 'discord', code: event.code, shard: shardId }, `gateway closed for good: ${err.message}`);
    fatal(err);
    onFatal?.(event.code, err.message);
  });
  client.on(Events.ShardReady, (shardId) => logger.info({ surface: 'discord', shard: shardId, shardCount: client.options.shardCount }, `shard ${shardId} ready`));
  client.on(Events.ShardResume, (shardId) => logger.info({ surface: 'discord', shard: shardId }, `shard ${shardId} resumed`));
  client.on(Events.ShardError, (err, shardId) => logger.error({ err, surface: 'discord', shard: shardId }, `shard ${shardId} error`));

  return {
    client,
    async start() {
      const ready = new Promise<void>((resolve) => {
        client.once(Events.ClientReady, (c) => {
          const shards = [...c.ws.shards.keys()];
          logger.info({ surface: 'discord', user: c.user.tag, userId: c.user.id, guilds: c.guilds.cache.size, shards, shardCount: c.options.shardCount }, 'connected to Discord');
          resolve();
        });
      });
      await client.login(config.DISCORD_TOKEN);
      // A fatal close before READY would otherwise leave start() waiting for ever.
      await Promise.race([ready, closedForGood]);
    },
    async stop() {
      await client.destroy();
    },
  };
}

/**
 * A handler context whose logger names the shard an event came from: the guild's shard by Discord's
 * formula, shard 0 for DMs. One context per shard, built on first use.
 */
function shardContext(client: Client, ctx: HandlerContext): (guildId: string | null) => HandlerContext {
  const perShard = new Map<number, HandlerContext>();
  return (guildId) => {
    const shard = guildId ? ShardClientUtil.shardIdForGuildId(guildId, client.options.shardCount ?? 1) : 0;
    let shardCtx = perShard.get(shard);
    if (!shardCtx) {
      shardCtx = { ...ctx, logger: ctx.logger.child({ shard }) };
      perShard.set(shard, shardCtx);
    }
    return shardCtx;
  };
}
