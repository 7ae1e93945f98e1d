import { Client, Events, GatewayIntentBits, Partials } from 'discord.js';
import type { Logger } from '../../src/logger.js';
import type { OutcomeStore } from '../../src/store/types.js';
import type { DiscordConfig } from './config.js';
import { handleInteraction, handleMessage, type AnswerSource, type HandlerContext } from './handlers.js';

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
export function createDiscordBot({ config, bot, logger, store }: DiscordBotOptions): DiscordBot {
  const client = new Client({
    intents: [...INTENTS],
    // DM channels are never cached in advance; without the partial, discord.js drops DMs.
    partials: [Partials.Channel],
    // A client-wide default as well as on every payload, in case a send ever forgets.
    allowedMentions: { parse: [], repliedUser: false },
    ...(config.DISCORD_API_URL ? { rest: { api: config.DISCORD_API_URL } } : {}),
  });
  const ctx: HandlerContext = { bot, logger, publicDefault: config.DISCORD_PUBLIC_DEFAULT, logQuestions: config.LOG_QUESTIONS, store };

  client.on(Events.InteractionCreate, (interaction) => void handleInteraction(interaction, ctx));
  client.on(Events.MessageCreate, (message) => {
    handleMessage(message, ctx).catch((err: unknown) => logger.error({ err, surface: 'discord', messageId: message.id }, 'message handler failed'));
  });
  client.on(Events.Error, (err) => logger.error({ err, surface: 'discord' }, 'discord client error'));
  client.on(Events.Warn, (warning) => logger.warn({ surface: 'discord', warning }, 'discord client warning'));
  client.on(Events.ShardDisconnect, (event, shardId) => logger.warn({ surface: 'discord', code: event.code, shardId }, 'gateway disconnected for good'));

  return {
    client,
    async start() {
      const ready = new Promise<void>((resolve) => {
        client.once(Events.ClientReady, (c) => {
          logger.info({ surface: 'discord', user: c.user.tag, userId: c.user.id, guilds: c.guilds.cache.size }, 'connected to Discord');
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
