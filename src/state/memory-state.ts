import { RateLimiter, type RateLimitOptions } from '../runtime/rate-limit.js';
import { DEFAULT_CLAIM_TTL_MS, type RateVerdict, type SharedState } from './shared-state.js';

/**
 * Remembers claimed delivery keys for a while, in insertion order, bounded in size. One process only.
 */
export class ClaimMemory {
  private readonly seen = new Map<string, number>();

  /**
   * @param maxKeys bound on memory; the oldest keys are forgotten first.
   * @param now clock, for tests.
   */
  constructor(
    private readonly maxKeys = 50_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** See {@link SharedState.claim}. */
  claim(keys: readonly string[], ttlMs = DEFAULT_CLAIM_TTL_MS): boolean {
    const now = this.now();
    this.expire(now);
    const fresh = keys.every((k) => !this.seen.has(k));
    for (const k of keys) {
      this.seen.delete(k);
      this.seen.set(k, now + ttlMs);
    }
    while (this.seen.size > this.maxKeys) this.seen.delete(this.seen.keys().next().value!);
    return fresh;
  }

  /** The keys still remembered, with how long each has left (to hand them back to a Redis that lost them). */
  live(): [key: string, remainingMs: number][] {
    const now = this.now();
    this.expire(now);
    return [...this.seen].filter(([, until]) => until > now).map(([key, until]) => [key, until - now]);
  }

  private expire(now: number): void {
    // Insertion order is expiry order as long as every claim uses the same TTL (the adapters do);
    // a shorter TTL merely lives until the keys before it expire.
    for (const [key, until] of this.seen) {
      if (until > now) break;
      this.seen.delete(key);
    }
  }
}

/**
 * {@link SharedState} in this process's memory: right for one process, and the stand-in while
 * Redis is unreachable.
 *
 * @example
 * const state = new MemoryState({ perMinute: 10 });
 * await state.claim(['event:Ev1', 'message:C1:1.2']) // => true, then false for a retry
 */
export class MemoryState implements SharedState {
  readonly backend = 'memory' as const;
  private readonly claims: ClaimMemory;
  private readonly limiter: RateLimiter;

  constructor(options: Partial<RateLimitOptions> & { maxKeys?: number } = {}) {
    this.claims = new ClaimMemory(options.maxKeys, options.now);
    this.limiter = new RateLimiter(options);
  }

  /** See {@link ClaimMemory.live}. */
  liveClaims(): [key: string, remainingMs: number][] {
    return this.claims.live();
  }

  claimNow(keys: readonly string[], ttlMs?: number): boolean {
    return this.claims.claim(keys, ttlMs);
  }

  takeNow(user: string): RateVerdict {
    return this.limiter.take(user);
  }

  async claim(keys: readonly string[], ttlMs?: number): Promise<boolean> {
    return this.claimNow(keys, ttlMs);
  }

  async take(user: string): Promise<RateVerdict> {
    return this.takeNow(user);
  }

  async close(): Promise<void> {}
}
