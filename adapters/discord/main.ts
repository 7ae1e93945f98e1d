/**
 * Entry point of `npm run discord`: validates the environment once, loads the corpus, connects to the
 * gateway, and disconnects cleanly on SIGTERM/SIGINT. Exit codes: 0 on a signal, 1 on a runtime
 * failure (bad corpus, rejected login, a gateway closed for good), 2 on bad configuration.
 */
import { join } from 'node:path';
import { PlanBot } from '../../src/dialogue/bot.js';
import { openConversationStore } from '../../src/state/conversation-store.js';
import { CorpusError } from '../../src/corpus/load.js';
import { createLogger } from '../../src/runtime/logger.js';
import { LiveBot, reloadOnSignal } from '../../src/dialogue/reload.js';
import { createSharedState } from '../../src/state/create-state.js';
import { openStore } from '../../src/store/open.js';
import { setProbes } from '../../src/service/metrics.js';
import { healthHandler, serveHealth, serveUnready } from '../../src/service/health.js';
import { createDiscordBot } from './client.js';
import { exitWith, loadConfigOrExit, type DiscordConfig } from './config.js';
import { createInteractionsServer } from './interactions-http.js';
import { isShardProcess, runShardManager } from './shard.js';

const fail = (message: string, code: number): never => exitWith('discord', message, code);

/** The corpus, or undefined after it failed and the health endpoints took over (see {@link serveUnready}). */
async function loadBot(config: DiscordConfig, logger: ReturnType<typeof createLogger>): Promise<PlanBot | undefined> {
  try {
    return PlanBot.load(PlanBot.optionsFrom(config));
  } catch (err) {
    if (!(err instanceof CorpusError)) throw err;
    const port = healthPort(config) ?? (config.DISCORD_MODE === 'http' ? config.PORT : undefined);
    if (port === undefined) return fail(err.message, 1);
    await serveUnready(err.message, port, logger);
    return undefined;
  }
}

/** METRICS_PORT, offset by the first shard id in a shard process, so that shard processes on one host do not collide. */
function healthPort(config: DiscordConfig): number | undefined {
  if (config.METRICS_PORT === undefined || config.METRICS_PORT === 0 || !isShardProcess()) return config.METRICS_PORT;
  return config.METRICS_PORT + Number((process.env.SHARDS ?? '0').split(',')[0] ?? 0);
}

async function main(): Promise<void> {
  const config = loadConfigOrExit('discord');
  const logger = createLogger({ level: config.LOG_LEVEL, name: 'discord' });
  if (config.DISCORD_MODE === 'gateway' && config.DISCORD_SHARDS !== undefined && !isShardProcess()) {
    await runShardManager(config, logger, process.argv[1]!);
    return;
  }
  // SIGHUP reloads the corpus in place; a corpus that fails to load leaves this one answering.
  const loaded = await loadBot(config, logger);
  if (!loaded) return;
  const live = new LiveBot(loaded);
  reloadOnSignal(live, logger);
  const state = await createSharedState(config, logger);
  // Each shard process keeps its own file: a guild's threads always land on the same shard.
  const shard = isShardProcess() ? `-shard${(process.env.SHARDS ?? '').replace(/\W+/g, '')}` : '';
  const conversations = openConversationStore(config, join(config.DATA_DIR, `discord-conversations${shard}.json`), logger.child({ surface: 'discord' }));
  // Changes are written in batches; whatever is pending is written on the way out, however it exits.
  process.once('exit', () => conversations.flush());
  // Discord closed the gateway for good (bad token, sharding required, disallowed intents): exit
  // non-zero with the reason, so that a supervisor sees the failure instead of a silent, idle process.
  const onFatal = (_code: number, explanation: string): void => {
    discord.stop().finally(() => fail(explanation, 1));
  };
  const store = openStore(config, logger);
  const health = healthHandler({ corpus: () => ({ loaded: true, passages: live.bot.index.passages.length }), store, state });
  const gateway = config.DISCORD_MODE === 'http' ? undefined : createDiscordBot({ config, bot: live, logger, state, store, conversations, onFatal });
  const discord = gateway ?? httpMode(createInteractionsServer({ config, bot: live, logger, state, store, health }), config.PORT);
  // The gateway has no HTTP server of its own: the endpoints get one on METRICS_PORT.
  const port = healthPort(config);
  const healthServer = gateway && port !== undefined ? await serveHealth(health, port) : undefined;
  if (gateway) setProbes({ shards: () => [...gateway.client.ws.shards.values()].map((s) => ({ id: s.id, status: s.status })) });
  if (healthServer) logger.info({ surface: 'discord', port: healthServer.port }, `serving /healthz, /readyz and /metrics on port ${healthServer.port}`);
  const shutdown = (signal: NodeJS.Signals): void => {
    logger.info({ surface: 'discord', signal }, 'shutting down');
    discord.stop().then(
      async () => {
        await healthServer?.close();
        // PostgreSQL's queue is written on the way out (within the grace period); SQLite's at once.
        await Promise.resolve(store.close()).catch(() => {});
        conversations.flush();
        await state.close().finally(() => process.exit(0));
      },
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

/** The HTTP interactions endpoint, started and stopped like the gateway client. */
function httpMode(server: ReturnType<typeof createInteractionsServer>, port: number): { start(): Promise<void>; stop(): Promise<void> } {
  return {
    start: async () => void (await server.listen(port)),
    stop: () => server.close(),
  };
}
