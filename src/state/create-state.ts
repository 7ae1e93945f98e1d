import type { Logger } from '../runtime/logger.js';
import { MemoryState } from './memory-state.js';
import { RedisState } from './redis-state.js';
import type { SharedState } from './shared-state.js';

/**
 * The shared state the configuration asks for: Redis when `REDIS_URL` is set (waiting briefly for
 * the first connection; memory answers until then), this process's memory otherwise.
 */
export async function createSharedState(config: { REDIS_URL?: string | undefined; RATE_LIMIT_PER_MINUTE: number; REDIS_COMMAND_TIMEOUT_MS?: number }, logger: Logger): Promise<SharedState> {
  if (!config.REDIS_URL) return new MemoryState({ perMinute: config.RATE_LIMIT_PER_MINUTE });
  const state = new RedisState({ url: config.REDIS_URL, perMinute: config.RATE_LIMIT_PER_MINUTE, logger, commandTimeoutMs: config.REDIS_COMMAND_TIMEOUT_MS });
  await state.ready();
  return state;
}
