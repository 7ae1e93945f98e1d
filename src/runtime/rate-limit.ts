/** Options of {@link RateLimiter}. */
export interface RateLimitOptions {
  /** Questions a user may ask per minute, sustained; also the burst size. Default 10. 0 turns limiting off. */
  perMinute: number;
  /** Clock in milliseconds; injectable so tests need not wait. Default `Date.now`. */
  now: () => number;
  /** Most users tracked before idle (full) buckets are dropped. Default 10,000. */
  maxUsers: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * A token bucket per user: each user holds up to `perMinute` tokens, refilled continuously at
 * `perMinute` a minute; a question spends one. Lives in the core so every surface limits alike.
 *
 * @example
 * const limiter = new RateLimiter({ perMinute: 10 });
 * limiter.take('slack:T1:U1') // => { allowed: true, retryAfterMs: 0 }
 */
export class RateLimiter {
  readonly options: RateLimitOptions;
  private readonly buckets = new Map<string, Bucket>();

  constructor(options: Partial<RateLimitOptions> = {}) {
    this.options = { perMinute: 10, now: Date.now, maxUsers: 10_000, ...options };
  }

  /** Spends one token of `user`'s bucket if there is one; otherwise says how long until there is. */
  take(user: string): { allowed: boolean; retryAfterMs: number } {
    const { perMinute, now } = this.options;
    if (perMinute <= 0) return { allowed: true, retryAfterMs: 0 };
    const t = now();
    const ratePerMs = perMinute / 60_000;
    const bucket = this.buckets.get(user) ?? { tokens: perMinute, at: t };
    bucket.tokens = Math.min(perMinute, bucket.tokens + Math.max(0, t - bucket.at) * ratePerMs);
    bucket.at = t;
    if (!this.buckets.has(user)) {
      if (this.buckets.size >= this.options.maxUsers) this.prune(t);
      this.buckets.set(user, bucket);
    }
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true, retryAfterMs: 0 };
    }
    return { allowed: false, retryAfterMs: Math.ceil((1 - bucket.tokens) / ratePerMs) };
  }

  /** Users currently tracked. */
  get size(): number {
    return this.buckets.size;
  }

  // Users whose bucket has refilled are indistinguishable from new ones, so forgetting them is safe.
  private prune(t: number): void {
    const { perMinute } = this.options;
    for (const [user, b] of this.buckets) {
      if (b.tokens + (t - b.at) * (perMinute / 60_000) >= perMinute) this.buckets.delete(user);
    }
  }
}
