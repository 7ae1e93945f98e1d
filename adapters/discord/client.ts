import { Client, Events, GatewayIntentBits, Partials, ShardClientUtil } from 'discord.js';
import type { Logger } from '../../src/logger.js';
import type { SharedState } from '../../src/state/shared-state.js';
import type { OutcomeStore } from '../../src/store/types.js';
import type { DiscordConfig } from './config.js';
import { handleInteraction, handleMessage, type AnswerSource, type HandlerContext } from './handlers.js';
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
  /** Claims and rate limits shared by replicas (`createSharedState`); default: the core's, in this process. */
  state?: SharedState;
  /** Where question outcomes and feedback are recorded; without it, answers have no feedback buttons. */
  store?: OutcomeStore;
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
export function createDiscordBot({ config, bot, logger, state, store }: DiscordBotOptions): DiscordBot {
  const client = new Client({
    // As many shards as Discord recommends (required past 2,500 servers), all in this process. Under
    // `DISCORD_SHARDS` each process is spawned by discord.js's ShardingManager, which says which
    // shards it runs through the environment; discord.js reads that only when `shards` is left unset.
    ...(isShardProcess() ? {} : { shards: 'auto' as const }),
    intents: [...INTENTS],
    // DM channels are never cached in advance; without the partial, discord.js drops DMs.
    partials: [Partials.Channel],
    // A client-wide default as well as on every payload, in case a send ever forgets.
    allowedMentions: { parse: [], repliedUser: false },
    ...(config.DISCORD_API_URL ? { rest: { api: config.DISCORD_API_URL } } : {}),
  });
  const ctx: HandlerContext = { bot, logger, publicDefault: config.DISCORD_PUBLIC_DEFAULT, logQuestions: config.LOG_QUESTIONS, ...(state ? { state } : {}), store };
  const onShard = shardContext(client, ctx);

  client.on(Events.InteractionCreate, (interaction) => void handleInteraction(interaction, onShard(interaction.guildId)));
  client.on(Events.MessageCreate, (message) => {
    handleMessage(message, onShard(message.guildId)).catch((err: unknown) => logger.error({ err, surface: 'discord', messageId: message.id }, 'message handler failed'));
  });
  client.on(Events.Error, (err) => logger.error({ err, surface: 'discord' }, 'discord client error'));
  client.on(Events.Warn, (warning) => logger.warn({ surface: 'discord', warning }, 'discord client warning'));
  client.on(Events.ShardDisconnect, (event, shardId) => logger.warn({ surface: 'discord', code: event.code, shard: shardId }, 'gateway disconnected for good'));
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
      await ready;
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
