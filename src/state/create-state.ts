import type { Logger } from '../runtime/logger.js';
import { JsonFileStore, type ConversationStore } from './conversation-store.js';
import { MemoryState } from './memory-state.js';
import { RedisConversationStore } from './redis-conversations.js';
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

/** A conversation store the process opened: flushed at exit, closed at shutdown. */
export type OpenConversations = ConversationStore & { flush(): void; close(): Promise<void> };

/**
 * The conversation store the configuration asks for: Redis when `REDIS_URL` is set (shared by
 * every replica, each key kept `CONVERSATION_TTL_HOURS` after its last turn), otherwise `file`, a
 * JSON file for one process.
 */
export async function createConversations(
  config: { REDIS_URL?: string | undefined; CONVERSATION_TTL_HOURS: number; REDIS_COMMAND_TIMEOUT_MS?: number },
  file: string,
  logger: Logger,
): Promise<OpenConversations> {
  if (config.REDIS_URL) {
    const store = new RedisConversationStore({ url: config.REDIS_URL, ttlMs: config.CONVERSATION_TTL_HOURS * 3_600_000, logger, commandTimeoutMs: config.REDIS_COMMAND_TIMEOUT_MS });
    await store.ready();
    return store;
  }
  const store = new JsonFileStore(file, 5000, (what, err) => logger.error({ err }, `conversation store: ${what}; continuing in memory`));
  return Object.assign(store, { close: async () => store.flush() });
}
