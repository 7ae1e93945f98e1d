/**
 * Paces what the bot sends to Telegram's published limits, so that a busy minute slows down instead of
 * earning 429s: about 30 messages a second across all chats, 20 a minute in one group, and about one
 * a second in one private chat (a short burst allowed, so a split answer goes out at once).
 *
 * Why not @grammyjs/transformer-throttler: it spaces a chat's messages a full second apart (the parts
 * of one split answer would trickle out), pulls in Bottleneck (CommonJS, unmaintained since 2019, with
 * interval timers of its own) and cannot be tested without waiting. This is a token bucket per chat
 * plus one global one, with an injectable clock: waits are reserved in order, so sends stay FIFO.
 * auto-retry still honours any 429 that gets through.
 */
import type { Transformer } from 'grammy';

/** A token bucket that reserves: a caller takes a token now and is told how long to wait for it. */
class Bucket {
  private tokens: number;
  private at: number;

  constructor(
    private readonly capacity: number,
    private readonly perMs: number,
    now: number,
  ) {
    this.tokens = capacity;
    this.at = now;
  }

  /** Spends one token (possibly one not yet refilled) and returns the wait until it exists, in ms. */
  reserve(now: number): number {
    this.tokens = Math.min(this.capacity, this.tokens + Math.max(0, now - this.at) * this.perMs);
    this.at = now;
    this.tokens -= 1;
    return this.tokens >= 0 ? 0 : Math.ceil(-this.tokens / this.perMs);
  }

  /** Whether the bucket is full again (and so may be forgotten). */
  idle(now: number): boolean {
    return this.tokens + (now - this.at) * this.perMs >= this.capacity;
  }
}

/** Options of {@link sendThrottle}. */
export interface ThrottleOptions {
  /** Messages a second across every chat. Default 30. */
  perSecond: number;
  /** Clock in ms; injectable so tests need not wait. Default `Date.now`. */
  now: () => number;
  /** How to wait; injectable for the same reason. Default a timer. */
  sleep: (ms: number) => Promise<void>;
}

/** Methods that post or change a message in a chat: the ones Telegram counts. */
const COUNTED = new Set(['sendMessage', 'editMessageText', 'sendChatAction', 'copyMessage', 'forwardMessage']);

/** Chats tracked before full buckets are dropped. */
const MAX_CHATS = 10_000;

/**
 * A scheduler: `wait(chatId)` resolves when a message to that chat may go. Group chats (negative ids)
 * get 20 a minute with a burst of 20; private chats one a second with a burst of 3.
 */
export function createScheduler(options: Partial<ThrottleOptions> = {}): { delayFor(chatId: number | string): number; wait(chatId: number | string): Promise<void> } {
  const { perSecond = 30, now = Date.now, sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms)) } = options;
  const global = new Bucket(perSecond, perSecond / 1000, now());
  const chats = new Map<string, Bucket>();
  const delayFor = (chatId: number | string): number => {
    const t = now();
    const key = String(chatId);
    let bucket = chats.get(key);
    if (!bucket) {
      if (chats.size >= MAX_CHATS) for (const [k, b] of chats) if (b.idle(t)) chats.delete(k);
      // Channel and group ids are negative; a @channelusername is a public channel or supergroup too.
      const group = key.startsWith('-') || key.startsWith('@');
      bucket = group ? new Bucket(20, 20 / 60_000, t) : new Bucket(3, 1 / 1000, t);
      chats.set(key, bucket);
    }
    return Math.max(bucket.reserve(t), global.reserve(t));
  };
  return {
    delayFor,
    wait: async (chatId) => {
      const ms = delayFor(chatId);
      if (ms > 0) await sleep(ms);
    },
  };
}

/** The grammY API transformer: counted calls to a chat wait their turn; everything else goes at once. */
export function sendThrottle(options: Partial<ThrottleOptions> = {}): Transformer {
  const scheduler = createScheduler(options);
  return async (prev, method, payload, signal) => {
    const chatId = COUNTED.has(method) && payload && typeof payload === 'object' && 'chat_id' in payload ? payload.chat_id : undefined;
    if (typeof chatId === 'number' || typeof chatId === 'string') await scheduler.wait(chatId);
    return prev(method, payload, signal);
  };
}
