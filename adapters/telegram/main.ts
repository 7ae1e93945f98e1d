/**
 * Entry point of `npm run telegram`: validates the environment once, loads the corpus, checks the
 * token (getMe), registers the command menu, then receives updates by long polling (default) or on
 * the webhook, and stops cleanly on SIGTERM/SIGINT. Exit codes: 0 on a signal, 1 on a runtime
 * failure (bad corpus, a token Telegram rejects), 2 on bad configuration.
 */
import { join } from 'node:path';
import { PlanBot } from '../../src/dialogue/bot.js';
import { LiveBot, reloadOnSignal } from '../../src/dialogue/reload.js';
import { CorpusError } from '../../src/corpus/load.js';
import { createLogger } from '../../src/runtime/logger.js';
import { JsonFileStore } from '../../src/state/conversation-store.js';
import { createSharedState } from '../../src/state/create-state.js';
import { openStore } from '../../src/store/open.js';
import { ALLOWED_UPDATES, createTelegramBot, TokenRejected } from './client.js';
import { exitWith, loadConfigOrExit, type TelegramConfig } from './config.js';
import { createWebhookServer } from './webhook.js';

const fail = (message: string, code: number): never => exitWith('telegram', message, code);

function loadBot(config: TelegramConfig): PlanBot {
  try {
    return PlanBot.load(PlanBot.optionsFrom(config));
  } catch (err) {
    if (err instanceof CorpusError) fail(err.message, 1);
    throw err;
  }
}

async function main(): Promise<void> {
  const config = loadConfigOrExit('telegram');
  const logger = createLogger({ level: config.LOG_LEVEL, name: 'telegram' });
  // SIGHUP reloads the corpus in place; a corpus that fails to load leaves this one answering.
  const live = new LiveBot(loadBot(config));
  reloadOnSignal(live, logger);
  const state = await createSharedState(config, logger);
  const conversations = new JsonFileStore(join(config.DATA_DIR, 'telegram-conversations.json'), 5000, (what, err) =>
    logger.error({ err, surface: 'telegram' }, `conversation store: ${what}; continuing in memory`),
  );
  // Changes are written in batches; whatever is pending is written on the way out, however it exits.
  process.once('exit', () => conversations.flush());
  const store = openStore(config, logger);
  const telegram = createTelegramBot({ config, bot: live, logger, state, store, conversations });
  try {
    await telegram.init();
  } catch (err) {
    if (err instanceof TokenRejected) fail(err.message, 1);
    throw err;
  }
  let webhook: ReturnType<typeof createWebhookServer> | undefined;
  if (config.TELEGRAM_MODE === 'webhook') {
    webhook = createWebhookServer({ secret: config.TELEGRAM_WEBHOOK_SECRET!, handle: (u) => telegram.handleUpdate(u), logger });
    await webhook.listen(config.PORT);
    if (config.TELEGRAM_WEBHOOK_URL) {
      await telegram.bot.api.setWebhook(config.TELEGRAM_WEBHOOK_URL, { secret_token: config.TELEGRAM_WEBHOOK_SECRET!, allowed_updates: [...ALLOWED_UPDATES] });
      logger.info({ surface: 'telegram' }, 'webhook registered');
    }
  } else {
    await telegram.startPolling();
    logger.info({ surface: 'telegram' }, 'long polling');
  }
  const shutdown = (signal: NodeJS.Signals): void => {
    logger.info({ surface: 'telegram', signal }, 'shutting down');
    Promise.all([telegram.stop(), webhook?.close()]).then(
      () => {
        store.close();
        state.close().finally(() => process.exit(0));
      },
      (err: unknown) => {
        logger.error({ err, surface: 'telegram' }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

main().catch((err: unknown) => fail(`could not start: ${err instanceof Error ? err.message : String(err)}`, 1));
