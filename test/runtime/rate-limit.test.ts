import { describe, expect, it } from 'vitest';
import { PlanBot } from '../../src/dialogue/bot.js';
import { RateLimiter } from '../../src/runtime/rate-limit.js';

describe('rate limiting', () => {
  it('lets a user ask perMinute questions at once, then refills one every 60/perMinute seconds', () => {
    let now = 0;
    const limiter = new RateLimiter({ perMinute: 3, now: () => now });
    expect([1, 2, 3].map(() => limiter.take('u').allowed)).toEqual([true, true, true]);
    const denied = limiter.take('u');
    expect(denied).toEqual({ allowed: false, retryAfterMs: 20_000 });
    expect(limiter.take('someone else').allowed).toBe(true);
    now = 20_000;
    expect(limiter.take('u').allowed).toBe(true);
    expect(limiter.take('u').allowed).toBe(false);
  });

  it('forgets idle users once it tracks too many', () => {
    let now = 0;
    const limiter = new RateLimiter({ perMinute: 1, now: () => now, maxUsers: 2 });
    limiter.take('a');
    limiter.take('b');
    now = 120_000;
    limiter.take('c');
    expect(limiter.size).toBe(1);
  });

  it('answers the excess politely, per user, and never limits callers without a user', () => {
    let now = 0;
    const bot = PlanBot.load({ rateLimit: { perMinute: 2, now: () => now } });
    const ask = (user?: string) => bot.ask('What about NATO?', user ? { user, surface: 'test' } : {});
    expect(ask('slack:T:U1').kind).toBe('answered');
    expect(ask('slack:T:U1').kind).toBe('answered');
    const third = ask('slack:T:U1');
    expect(third.kind).toBe('invalid');
    if (third.kind === 'invalid') {
      expect(third.reason).toBe('rate-limited');
      expect(third.text).toMatch(/try again in 30 seconds/);
    }
    expect(ask('slack:T:U2').kind).toBe('answered');
    for (let i = 0; i < 20; i++) expect(ask().kind).toBe('answered');
    now = 30_000;
    expect(ask('slack:T:U1').kind).toBe('answered');
  });
});
