/**
 * Conversations shared by every replica through Redis (`REDIS_URL`): which answer belongs to which
 * question, and each thread's last turn, each key expiring after a TTL. A follow-up or an edit then
 * works whichever replica Slack or Discord hands it to. Every write also lands in this process's
 * memory, which answers while Redis is unreachable (a follow-up then works on the replica that
 * answered the turn before, as with one process). What is read back is validated.
 */
import { Redis } from 'ioredis';
import type { Logger } from '../runtime/logger.js';
import { JsonFileStore, storedSchema, type ConversationStore, type Stored } from './conversation-store.js';

/** Options of {@link RedisConversationStore}. */
export interface RedisConversationOptions {
  url: string;
  /** How long a conversation is remembered after its last turn. */
  ttlMs: number;
  logger: Logger;
  /** Key prefix, shared with the rest of the bot's keys. Default `ppb:`. */
  prefix?: string;
  /** How long one read may take before memory answers. Default 500 ms. */
  commandTimeoutMs?: number;
}

/**
 * A {@link ConversationStore} in Redis, with memory as the stand-in.
 *
 * @example
 * const conversations = new RedisConversationStore({ url: 'redis://127.0.0.1:6379', ttlMs: 7 * 86_400_000, logger });
 * conversations.set('thread:C1:1.2', { kind: 'thread', previous });
 * await conversations.get('thread:C1:1.2');
 */
export class RedisConversationStore implements ConversationStore {
  private readonly redis: Redis;
  private readonly memory = new JsonFileStore(undefined);
  private readonly prefix: string;
  private readonly log: Logger;
  private down = false;

  constructor(private readonly options: RedisConversationOptions) {
    this.prefix = `${options.prefix ?? 'ppb:'}conv:`;
    this.log = options.logger.child({ component: 'conversations' });
    this.redis = new Redis(options.url, {
      // As for claims: an answer must not wait on Redis; memory stands in at once.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: options.commandTimeoutMs ?? 500,
      retryStrategy: (times) => Math.min(times * 100, 2000),
      connectionName: 'peace-plan-bot:conversations',
    });
    this.redis.on('error', (err: Error) => this.fallBack(err));
    this.redis.on('ready', () => {
      if (this.down) this.log.info('Redis is reachable again; conversations are shared again');
      this.down = false;
    });
  }

  async get(key: string): Promise<Stored | undefined> {
    const local = this.memory.get(key);
    if (this.redis.status !== 'ready') return local;
    let raw: string | null;
    try {
      raw = await this.redis.get(this.prefix + key);
    } catch (err) {
      this.fallBack(err);
      return local;
    }
    if (raw === null) return local;
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      parsed = undefined;
    }
    const valid = storedSchema.safeParse(parsed);
    if (valid.success) return valid.data;
    this.log.warn({ key }, 'ignoring a conversation record in Redis that is not in the expected shape');
    return local;
  }

  set(key: string, value: Stored): void {
    this.memory.set(key, value);
    if (this.redis.status !== 'ready') return;
    this.redis.set(this.prefix + key, JSON.stringify(value), 'PX', this.options.ttlMs).catch((err: unknown) => this.fallBack(err));
  }

  /** Waits (up to `timeoutMs`) for the first connection; memory answers until then. */
  async ready(timeoutMs = 2000): Promise<boolean> {
    if (this.redis.status === 'ready') return true;
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      this.redis.once('ready', () => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  /** Nothing to write: Redis has it all. Here so that it closes like the file store flushes. */
  flush(): void {}

  async close(): Promise<void> {
    if (this.redis.status === 'ready') await this.redis.quit().catch(() => this.redis.disconnect());
    else this.redis.disconnect();
  }

  private fallBack(err: unknown): void {
    if (this.down) return;
    this.down = true;
    this.log.error({ err: err instanceof Error ? err.message : String(err) }, "Redis is unreachable; conversations fall back to this process's memory until it returns");
  }
}
