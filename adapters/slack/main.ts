/**
 * `npm run slack`: reads the environment once, checks the token with Slack, starts the bot, and
 * stops it cleanly on SIGTERM/SIGINT. Exit codes: 0 after a clean stop, 2 for bad configuration,
 * 1 when Slack rejects the bot's credentials or anything else stops it.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PlanBot } from '../../src/dialogue/bot.js';
import { ConfigError } from '../../src/runtime/config.js';
import { openConversationStore } from '../../src/state/conversation-store.js';
import { CorpusError } from '../../src/corpus/load.js';
import { createLogger } from '../../src/runtime/logger.js';
import { LiveBot, reloadOnSignal } from '../../src/dialogue/reload.js';
import { createSharedState } from '../../src/state/create-state.js';
import { openStore } from '../../src/store/open.js';
import { healthHandler, serveHealth, serveUnready } from '../../src/service/health.js';
import { createSlackApp } from './app.js';
import { loadSlackConfig, type SlackConfig } from './config.js';
import { SelfCheckError } from './selfcheck.js';

/** A pointer for each variable people most often get wrong, printed under the config error. */
const HINTS: Readonly<Record<string, string>> = {
  SLACK_BOT_TOKEN: 'the Bot User OAuth Token (xoxb-…) from OAuth & Permissions, after "Install to Workspace"',
  SLACK_APP_TOKEN: 'Socket Mode (the default) needs an app-level token (xapp-…) with connections:write, from Basic Information > App-Level Tokens; or set SLACK_MODE=http',
  SLACK_SIGNING_SECRET: 'SLACK_MODE=http needs the Signing Secret from Basic Information > App Credentials',
};

function fail(message: string, code: number): never {
  process.stderr.write(`slack: ${message}\n`);
  process.exit(code);
}

function readConfig(): SlackConfig {
  // A .env in the working directory is read if present; variables already set win.
  if (existsSync('.env') && typeof process.loadEnvFile === 'function') process.loadEnvFile('.env');
  try {
    return loadSlackConfig(process.env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    const hints = err.variables.filter((v) => HINTS[v]).map((v) => `\n  ${v}: ${HINTS[v]}`);
    fail(`${err.message}${hints.join('')}\nSee .env.example and adapters/slack/README.md.`, 2);
  }
}

/** How long a SIGTERM waits for questions in flight before the process exits regardless. */
const SHUTDOWN_GRACE_MS = 4500;

async function main(): Promise<void> {
  const config = readConfig();
  const logger = createLogger({ level: config.LOG_LEVEL, name: 'slack' });
  let bot: PlanBot;
  try {
    bot = PlanBot.load(PlanBot.optionsFrom(config));
  } catch (err) {
    if (!(err instanceof CorpusError)) throw err;
    // With a health port, stay up and say "not ready" (and why) there; without one, exit as before.
    const port = config.METRICS_PORT ?? (config.SLACK_MODE === 'http' ? config.PORT : undefined);
    if (port === undefined) fail(err.message, 1);
    await serveUnready(err.message, port, logger);
    return;
  }

  const file = join(config.DATA_DIR, 'slack-conversations.json');
  const conversations = openConversationStore(config, file, logger);
  // Changes are written in batches; whatever is pending is written on the way out, however it exits.
  process.once('exit', () => conversations.flush());
  // SIGHUP reloads the corpus in place; a corpus that fails to load leaves this one answering.
  const live = new LiveBot(bot);
  reloadOnSignal(live, logger);
  const state = await createSharedState(config, logger);
  const store = openStore(config, logger);
  const health = healthHandler({ corpus: () => ({ loaded: true, passages: live.bot.index.passages.length }), store, state });
  const slack = createSlackApp({ config, bot: live, logger, state, store, conversations, health: config.SLACK_MODE === 'http' ? health : undefined });

  try {
    await slack.start();
  } catch (err) {
    if (err instanceof SelfCheckError) fail(err.message, 1);
    throw err;
  }
  // Socket Mode has no HTTP server of its own: the endpoints get one on METRICS_PORT, once connected
  // (ready means ready to answer).
  const healthServer = config.SLACK_MODE === 'socket' && config.METRICS_PORT !== undefined ? await serveHealth(health, config.METRICS_PORT) : undefined;
  if (healthServer) logger.info({ port: healthServer.port }, `serving /healthz, /readyz and /metrics on port ${healthServer.port}`);

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    // Orchestrators kill a process a few seconds after SIGTERM; answer what is in flight, but never
    // outstay five seconds in all.
    setTimeout(() => {
      logger.warn({ graceMs: SHUTDOWN_GRACE_MS }, 'questions still in flight at the shutdown deadline; exiting');
      process.exit(1);
    }, SHUTDOWN_GRACE_MS).unref();
    slack.stop().then(
      async () => {
        await healthServer?.close();
        // PostgreSQL's queue is written on the way out (within the grace period); SQLite's at once.
        await Promise.resolve(store.close()).catch(() => {});
        conversations.flush();
        await state.close().finally(() => process.exit(0));
      },
      (err: unknown) => {
        logger.error({ err }, 'error while stopping');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((err: unknown) => {
  fail(`unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`, 1);
});
