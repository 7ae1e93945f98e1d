import { Redis } from 'ioredis';
import type { Logger } from '../runtime/logger.js';
import { MemoryState } from './memory-state.js';
import { DEFAULT_CLAIM_TTL_MS, type RateVerdict, type SharedState, type StateBackend } from './shared-state.js';

// Atomic: of two replicas claiming the same delivery at the same instant, exactly one sees fresh = 1.
const CLAIM_LUA = `
local fresh = 1
for i = 1, #KEYS do
  if redis.call('EXISTS', KEYS[i]) == 1 then fresh = 0 end
end
for i = 1, #KEYS do
  redis.call('SET', KEYS[i], '1', 'PX', ARGV[1])
end
return fresh`;

// The core's token bucket (src/runtime/rate-limit.ts), kept in a hash and timed by Redis's own clock so that
// replicas whose clocks differ still agree. A bucket idle for a minute is full, so it may expire then.
const TAKE_LUA = `
local cap = tonumber(ARGV[1])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local rate = cap / 60000
local b = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(b[1]) or cap
local at = tonumber(b[2]) or now
tokens = math.min(cap, tokens + math.max(0, now - at) * rate)
local allowed, retry = 0, 0
if tokens >= 1 then tokens = tokens - 1; allowed = 1 else retry = math.ceil((1 - tokens) / rate) end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', now)
redis.call('PEXPIRE', KEYS[1], 60000)
return { allowed, retry }`;

interface Scripted {
  ppbClaim(numKeys: number, ...args: (string | number)[]): Promise<number>;
  ppbTake(key: string, perMinute: number): Promise<[number, number]>;
}

/** Options of {@link RedisState}. */
export interface RedisStateOptions {
  /** `redis://` or `rediss://` URL. */
  url: string;
  /** Questions a user may ask per minute (0: no limit). */
  perMinute: number;
  logger: Logger;
  /** Prefix of every key, so that several bots can share one Redis. Default `ppb:`. */
  prefix?: string;
  /** How long one Redis command may take before memory answers instead. Default 500 ms. */
  commandTimeoutMs?: number;
}

/**
 * {@link SharedState} in Redis (ioredis, two Lua scripts), shared by every replica. While Redis is
 * unreachable (a command failed or timed out) it logs that once, answers from this process's memory
 * (which it also keeps up to date all along, so one replica never answers a delivery twice, even
 * after Redis restarts empty), and reconnects in the background; the next command that succeeds
 * says Redis is back.
 *
 * @example
 * const state = new RedisState({ url: 'redis://127.0.0.1:6379', perMinute: 10, logger });
 * await state.ready();
 */
export class RedisState implements SharedState {
  private readonly redis: Redis;
  private readonly scripts: Scripted;
  private readonly memory: MemoryState;
  private readonly prefix: string;
  private readonly perMinute: number;
  private readonly log: Logger;
  private down = false;
  private closed = false;
  /** This replica's claims being written back after an outage (still degraded until done). */
  private restoring: Promise<void> | undefined;

  constructor(options: RedisStateOptions) {
    this.prefix = options.prefix ?? 'ppb:';
    this.perMinute = options.perMinute;
    this.log = options.logger.child({ component: 'state' });
    this.memory = new MemoryState({ perMinute: options.perMinute });
    this.redis = new Redis(options.url, {
      // Fail at once rather than queue while disconnected: an answer must not wait for Redis.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: options.commandTimeoutMs ?? 500,
      // Keep reconnecting for as long as the process runs, at most every two seconds.
      retryStrategy: (times) => Math.min(times * 100, 2000),
      connectionName: 'peace-plan-bot',
    });
    this.redis.defineCommand('ppbClaim', { lua: CLAIM_LUA });
    this.redis.defineCommand('ppbTake', { numberOfKeys: 1, lua: TAKE_LUA });
    this.scripts = this.redis as unknown as Scripted;
    this.redis.on('error', (err: Error) => this.fallBack(err));
    this.redis.on('end', () => this.fallBack(new Error('connection ended')));
    this.redis.on('ready', () => {
      if (this.down) this.restore();
      else this.log.info({ backend: 'redis' }, 'connected to Redis; de-duplication and rate limits are shared by every replica');
    });
  }

  get backend(): StateBackend {
    return this.down || this.redis.status !== 'ready' ? 'redis-fallback' : 'redis';
  }

  /** Resolves once connected, or after `timeoutMs` (memory answers meanwhile). True if connected. */
  async ready(timeoutMs = 2000): Promise<boolean> {
    const connected = await this.connected(timeoutMs);
    // Back after an outage: ready once this replica's claims are in Redis again.
    if (connected) await this.restoring;
    return connected;
  }

  private async connected(timeoutMs: number): Promise<boolean> {
    if (this.redis.status === 'ready') return true;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.redis.off('ready', onReady);
        resolve(false);
      }, timeoutMs);
      const onReady = (): void => {
        clearTimeout(timer);
        resolve(true);
      };
      this.redis.once('ready', onReady);
    });
  }

  async claim(keys: readonly string[], ttlMs = DEFAULT_CLAIM_TTL_MS): Promise<boolean> {
    const local = this.memory.claimNow(keys, ttlMs);
    if (this.redis.status !== 'ready') return this.fallBack(undefined, local);
    try {
      const shared = (await this.scripts.ppbClaim(keys.length, ...keys.map((k) => `${this.prefix}claim:${k}`), ttlMs)) === 1;
      this.healthy();
      // A Redis restarted empty has forgotten every claim; this replica's own record has not, so it
      // never answers twice what it already answered, whatever Redis says.
      return shared && local;
    } catch (err) {
      return this.fallBack(err, local);
    }
  }

  async take(user: string): Promise<RateVerdict> {
    if (this.perMinute <= 0) return { allowed: true, retryAfterMs: 0 };
    const local = this.memory.takeNow(user);
    if (this.redis.status !== 'ready') return this.fallBack(undefined, local);
    try {
      const [allowed, retryAfterMs] = await this.scripts.ppbTake(`${this.prefix}rate:${user}`, this.perMinute);
      this.healthy();
      return { allowed: allowed === 1, retryAfterMs };
    } catch (err) {
      return this.fallBack(err, local);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.redis.status === 'ready') await this.redis.quit().catch(() => this.redis.disconnect());
    else this.redis.disconnect();
  }

  /**
   * Notes that a command succeeded. Health follows the outcome of commands, not only connection
   * events: a command that timed out (one slow script, DEBUG SLEEP) leaves the connection up, so no
   * `ready` would ever say that Redis is back, and a later real outage would go unlogged.
   */
  private healthy(): void {
    if (!this.down || this.closed || this.restoring) return;
    this.down = false;
    this.log.info({ backend: 'redis' }, 'Redis is reachable again; de-duplication and rate limits are shared again');
  }

  /**
   * After an outage, writes this replica's claims back (never overwriting one Redis has), so that a
   * Redis restarted empty still knows what was answered, also when the retry lands on another replica.
   * The state counts as degraded until that is done.
   */
  private restore(): void {
    this.restoring ??= this.writeBack().finally(() => {
      this.restoring = undefined;
      this.healthy();
    });
  }

  private async writeBack(): Promise<void> {
    try {
      const claims = this.memory.liveClaims();
      for (let i = 0; i < claims.length; i += 1000) {
        const batch = this.redis.pipeline();
        for (const [key, remainingMs] of claims.slice(i, i + 1000)) batch.set(`${this.prefix}claim:${key}`, '1', 'PX', remainingMs, 'NX');
        await batch.exec();
      }
    } catch (err) {
      this.log.warn({ backend: 'redis-fallback', err: err instanceof Error ? err.message : String(err) }, "could not hand this replica's claims back to Redis");
    }
  }

  /** Notes an outage once (until Redis is back) and returns memory's answer. */
  private fallBack<T>(err: unknown, answer?: T): T {
    if (!this.down && !this.closed) {
      this.down = true;
      const reason = err instanceof Error ? err.message : 'not connected';
      this.log.error({ backend: 'redis-fallback', err: reason }, "Redis is unreachable; de-duplication and rate limits fall back to this process's memory until it returns");
    }
    return answer as T;
  }
}
