/**
 * Entry point of `npm run discord`: validates the environment once, loads the corpus, connects to the
 * gateway, and disconnects cleanly on SIGTERM/SIGINT. Exit codes: 0 on a signal, 1 on a runtime
 * failure (bad corpus, rejected login), 2 on bad configuration.
 */
import { PlanBot } from '../../src/bot.js';
import { ConfigError, parseEnv } from '../../src/config.js';
import { CorpusError } from '../../src/load.js';
import { createLogger, scrubSecrets } from '../../src/logger.js';
import { createDiscordBot } from './client.js';
import { discordEnvSchema, type DiscordConfig } from './config.js';

function fail(message: string, code: number): never {
  process.stderr.write(`discord: ${scrubSecrets(message)}\n`);
  process.exit(code);
}

function loadConfig(): DiscordConfig {
  try {
    return parseEnv(discordEnvSchema, process.env);
  } catch (err) {
    if (err instanceof ConfigError) fail(err.message, 2);
    throw err;
  }
}

function loadBot(config: DiscordConfig): PlanBot {
  try {
    return PlanBot.load({
      ...(config.CORPUS_DIR ? { corpusDir: config.CORPUS_DIR } : {}),
      maxQuestionLength: config.MAX_QUESTION_LENGTH,
      ranking: { maxCitations: config.MAX_CITATIONS },
      rateLimit: { perMinute: config.RATE_LIMIT_PER_MINUTE },
    });
  } catch (err) {
    if (err instanceof CorpusError) fail(err.message, 1);
    throw err;
  }
}

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger({ level: config.LOG_LEVEL, name: 'discord' });
  const discord = createDiscordBot({ config, bot: loadBot(config), logger });
  const shutdown = (signal: NodeJS.Signals): void => {
    logger.info({ surface: 'discord', signal }, 'shutting down');
    discord.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err, surface: 'discord' }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
  await discord.start();
}

main().catch((err: unknown) => fail(`could not start: ${err instanceof Error ? err.message : String(err)}`, 1));
