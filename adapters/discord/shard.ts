/**
 * `DISCORD_SHARDS`: the gateway run as one process per shard, by discord.js's own ShardingManager.
 * Each child runs this same entry point; discord.js tells it which shard it is through the
 * environment (`SHARDING_MANAGER`, `SHARDS`, `SHARD_COUNT`), and its client then identifies as
 * `[id, total]`. Without `DISCORD_SHARDS` one process runs every shard Discord recommends.
 */
import { REST, Routes, ShardingManager, type RESTGetAPIGatewayBotResult } from 'discord.js';
import type { Logger } from '../../src/runtime/logger.js';
import type { DiscordConfig } from './config.js';

/** Whether this process is a shard spawned by a ShardingManager (rather than the manager or a lone bot). */
export function isShardProcess(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.SHARDING_MANAGER !== undefined;
}

/** Discord's recommendation for this token: shards, and how many may identify at once. */
export async function gatewayAdvice(config: Pick<DiscordConfig, 'DISCORD_TOKEN' | 'DISCORD_API_URL'>): Promise<{ shards: number; maxConcurrency: number }> {
  const rest = new REST(config.DISCORD_API_URL ? { api: config.DISCORD_API_URL } : {}).setToken(config.DISCORD_TOKEN);
  const advice = (await rest.get(Routes.gatewayBot())) as RESTGetAPIGatewayBotResult;
  return { shards: advice.shards, maxConcurrency: advice.session_start_limit.max_concurrency };
}

/** Identify rate limit: one IDENTIFY per 5 s per concurrency bucket, so spawn that far apart unless all fit in one round. */
export function spawnDelayMs(total: number, maxConcurrency: number): number {
  return total <= maxConcurrency ? 0 : 5500;
}

/**
 * Logs a shard process's exit: a crash (respawned) at error, the stop this manager asked for at info.
 * discord.js reports both as `death`; calling the second "respawning" at error woke people for a deploy.
 */
export function logShardExit(log: Logger, exit: { shard: number; exitCode: number | null; stopping: boolean }): void {
  const { shard, exitCode } = exit;
  if (exit.stopping) log.info({ shard, exitCode }, `shard ${shard} process stopped`);
  else log.error({ shard, exitCode }, `shard ${shard} process exited; respawning`);
}

/**
 * Spawns one process per shard running `script` and keeps them running (respawning a crashed one).
 * SIGTERM/SIGINT stop every shard, then this process with exit code 0; SIGHUP is passed on to every shard.
 */
export async function runShardManager(config: Pick<DiscordConfig, 'DISCORD_TOKEN' | 'DISCORD_API_URL' | 'DISCORD_SHARDS'>, logger: Logger, script: string): Promise<ShardingManager> {
  const log = logger.child({ surface: 'discord', component: 'shard-manager' });
  const advice = await gatewayAdvice(config);
  const total = config.DISCORD_SHARDS === 'auto' || config.DISCORD_SHARDS === undefined ? advice.shards : config.DISCORD_SHARDS;
  if (total < advice.shards) log.warn({ shards: total, recommended: advice.shards }, `DISCORD_SHARDS=${total} is below the ${advice.shards} shards Discord recommends; it may refuse with 4011`);
  const manager = new ShardingManager(script, { token: config.DISCORD_TOKEN, totalShards: total, mode: 'process', respawn: true, execArgv: process.execArgv });
  // Set before the shards are killed: their deaths from then on are the stop asked for, not crashes.
  let stopping = false;
  manager.on('shardCreate', (shard) => {
    log.info({ shard: shard.id, shardCount: total }, `shard ${shard.id} process started`);
    shard.on('death', (child) => logShardExit(log, { shard: shard.id, exitCode: 'exitCode' in child ? child.exitCode : null, stopping }));
  });
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    manager.respawn = false;
    log.info({ signal }, 'stopping every shard');
    for (const shard of manager.shards.values()) shard.kill();
    process.exit(0);
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  // SIGHUP reloads the corpus; each shard process holds its own copy, so each must hear it.
  process.on('SIGHUP', () => {
    log.info({ signal: 'SIGHUP' }, 'passing SIGHUP to every shard');
    for (const shard of manager.shards.values()) if (shard.process) shard.process.kill('SIGHUP');
  });
  await manager.spawn({ amount: total, delay: spawnDelayMs(total, advice.maxConcurrency), timeout: 60_000 });
  log.info({ shardCount: total }, `all ${total} shards running`);
  return manager;
}
