/**
 * State that must be shared by every replica of a chat adapter: which deliveries were already
 * claimed (Slack retries, one Discord message seen by two processes) and how many questions each
 * user asked this minute. In memory for one process; in Redis when `REDIS_URL` is set, so that a
 * retry landing on another replica, or arriving after a restart, is answered once, and a user's
 * limit is not multiplied by the number of replicas.
 */
import type { PlanBot } from '../dialogue/bot.js';
import type { AskContext } from '../dialogue/conversation.js';
import type { Answer } from '../types.js';

/** The outcome of spending one question from a user's allowance. */
export interface RateVerdict {
  allowed: boolean;
  /** How long until the next question would be allowed (0 when allowed). */
  retryAfterMs: number;
}

/** Where the state lives right now: `redis-fallback` while Redis is unreachable and memory stands in. */
export type StateBackend = 'memory' | 'redis' | 'redis-fallback';

/** De-duplication and rate limits, the same API in memory and in Redis. */
export interface SharedState {
  /**
   * Claims a delivery by all its keys at once (e.g. an event id and `channel:ts`), atomically across
   * replicas. True when none of the keys was claimed before: this caller answers. Every key is
   * recorded either way, for `ttlMs`, so a message seen under one key is recognised under the other.
   */
  claim(keys: readonly string[], ttlMs?: number): Promise<boolean>;
  /** Spends one question of `user`'s per-minute allowance (a token bucket), atomically across replicas. */
  take(user: string): Promise<RateVerdict>;
  /** The backend answering now. */
  readonly backend: StateBackend;
  /** Releases connections; the state is unusable afterwards. */
  close(): Promise<void>;
}

/** How long a delivery key is remembered: Slack's last retry comes about five minutes after the first try. */
export const DEFAULT_CLAIM_TTL_MS = 60 * 60 * 1000;

/**
 * Asks the core with the per-user limit taken from shared state, so that it holds across replicas.
 * The core's own (in-process) limiter is bypassed by handing it the verdict; `PlanBot.ask` stays
 * synchronous for the CLI.
 *
 * @example
 * const answer = await askShared(bot, state, 'What about NATO?', { user: 'slack:T1:U1', surface: 'slack' });
 */
export async function askShared(bot: Pick<PlanBot, 'ask'>, state: SharedState | undefined, text: string, context: AskContext): Promise<Answer> {
  // In memory the core's own per-process limiter is the same thing, and it is already there.
  if (context.user === undefined || state === undefined || state.backend === 'memory') return bot.ask(text, context);
  const limit = await state.take(context.user);
  return bot.ask(text, { ...context, limit });
}
