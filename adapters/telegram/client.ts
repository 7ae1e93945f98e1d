/**
 * The grammY bot, wired: API transformers (429s retried after `retry_after`, sends paced), one claim
 * per update_id so that a redelivered update (a replica, a webhook retry) is answered once, and the
 * routes to the handlers. Transport (long polling or webhook) is the caller's choice.
 */
import { run, type RunnerHandle } from '@grammyjs/runner';
import { autoRetry, type AutoRetryOptions } from '@grammyjs/auto-retry';
import { Bot, GrammyError } from 'grammy';
import type { Update } from 'grammy/types';
import type { PlanBot } from '../../src/dialogue/bot.js';
import type { Logger } from '../../src/runtime/logger.js';
import { JsonFileStore, type ConversationStore } from '../../src/state/conversation-store.js';
import type { SharedState } from '../../src/state/shared-state.js';
import type { OutcomeStore } from '../../src/store/types.js';
import { StoppedChats } from './chats.js';
import { registerCommands } from './commands.js';
import type { TelegramConfig } from './config.js';
import { handleFeedback } from './feedback.js';
import { handleInlineQuery, handleMessage, handleMyChatMember, reasonOf, type HandlerContext } from './handlers.js';
import type { Me } from './question.js';
import { sendThrottle, type ThrottleOptions } from './throttle.js';

/** The update types the bot asks Telegram for; nothing else is delivered. */
export const ALLOWED_UPDATES = ['message', 'edited_message', 'inline_query', 'callback_query', 'my_chat_member'] as const;

/** Raised when getMe says the token is wrong: the entry point exits 1 naming TELEGRAM_BOT_TOKEN. */
export class TokenRejected extends Error {
  constructor(reason: string) {
    super(`TELEGRAM_BOT_TOKEN was rejected by Telegram (getMe: ${reason}); copy the token again from @BotFather`);
    this.name = 'TokenRejected';
  }
}

/** What {@link createTelegramBot} needs. */
export interface TelegramBotOptions {
  config: Pick<TelegramConfig, 'TELEGRAM_BOT_TOKEN' | 'TELEGRAM_API_ROOT' | 'TELEGRAM_SENDS_PER_SECOND' | 'LOG_QUESTIONS'>;
  bot: Pick<PlanBot, 'ask'>;
  logger: Logger;
  state: SharedState;
  store?: OutcomeStore | undefined;
  /** Which answer belongs to which question; in memory when not given. */
  conversations?: ConversationStore | undefined;
  /** Overrides for tests: the pacing clock, the retry cap. */
  throttle?: Partial<ThrottleOptions>;
  retry?: Partial<AutoRetryOptions>;
}

/** The wired bot and its lifecycle. */
export interface TelegramBot {
  bot: Bot;
  /** getMe (the token check) and the command menu; throws {@link TokenRejected} on a 401. */
  init(): Promise<Me>;
  /** Long polling with @grammyjs/runner (after deleteWebhook, which polling requires). */
  startPolling(): Promise<RunnerHandle>;
  /** Handles one update as a webhook delivers it. */
  handleUpdate(update: Update): Promise<void>;
  /** Stops polling if it runs, waiting for updates in progress. */
  stop(): Promise<void>;
}

/** Builds the bot; nothing is sent until {@link TelegramBot.init}. */
export function createTelegramBot(options: TelegramBotOptions): TelegramBot {
  const { config, logger, state } = options;
  const bot = new Bot(config.TELEGRAM_BOT_TOKEN, { client: { ...(config.TELEGRAM_API_ROOT ? { apiRoot: config.TELEGRAM_API_ROOT } : {}) } });
  // Order matters: a transformer installed later wraps the earlier ones, so auto-retry (outermost)
  // sends each attempt through the throttle, and a retry after a 429 also waits its turn.
  bot.api.config.use(sendThrottle({ perSecond: config.TELEGRAM_SENDS_PER_SECOND, ...options.throttle }));
  bot.api.config.use(autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 60, ...options.retry }));
  let me: Me | undefined;
  const h: HandlerContext = {
    bot: options.bot,
    logger,
    logQuestions: config.LOG_QUESTIONS,
    conversations: options.conversations ?? new JsonFileStore(undefined),
    state,
    store: options.store,
    stopped: new StoppedChats(logger),
    me: () => {
      if (!me) throw new Error('the Telegram bot is not initialised');
      return me;
    },
  };

  bot.use(async (ctx, next) => {
    // A webhook retry, a replica, or a restart that re-reads an unconfirmed batch may deliver it again.
    if (!(await state.claim([`telegram:update:${ctx.update.update_id}`]))) {
      logger.debug({ surface: 'telegram', updateId: ctx.update.update_id }, 'update already handled');
      return;
    }
    await next();
  });
  bot.on('message', (ctx) => handleMessage(ctx, h));
  bot.on('edited_message', (ctx) => handleMessage(ctx, h, true));
  bot.on('inline_query', (ctx) => handleInlineQuery(ctx, h));
  bot.on('callback_query:data', (ctx) => handleFeedback(ctx, { store: options.store, logger }));
  bot.on('my_chat_member', (ctx) => handleMyChatMember(ctx, h));
  bot.catch((err) => logger.error({ err: err.error, surface: 'telegram', updateId: err.ctx.update.update_id }, 'update handler failed'));

  let runner: RunnerHandle | undefined;
  return {
    bot,
    async init() {
      try {
        await bot.init();
      } catch (err) {
        if (err instanceof GrammyError && (err.error_code === 401 || err.error_code === 404)) throw new TokenRejected(reasonOf(err));
        throw err;
      }
      me = { id: bot.botInfo.id, username: bot.botInfo.username };
      try {
        await registerCommands(bot.api);
      } catch (err) {
        // The menu is a convenience: the bot answers without it.
        logger.warn({ err, surface: 'telegram' }, 'could not register the command menu');
      }
      logger.info({ surface: 'telegram', username: me.username }, 'connected');
      return me;
    },
    async startPolling() {
      await bot.api.deleteWebhook();
      runner = run(bot, { runner: { fetch: { allowed_updates: [...ALLOWED_UPDATES] }, silent: true } });
      return runner;
    },
    handleUpdate: (update) => bot.handleUpdate(update),
    async stop() {
      if (runner?.isRunning()) await runner.stop();
    },
  };
}
