/**
 * A running bot's corpus, swappable without a restart: the chat adapters hold a {@link LiveBot},
 * and SIGHUP reloads the corpus folder. A corpus that fails to load or validate never replaces the
 * one in use; the log says why.
 */
import type { PlanBot } from './bot.js';
import type { Logger } from '../runtime/logger.js';

/** The outcome of one reload. */
export type ReloadOutcome = { ok: true; documents: number; passages: number } | { ok: false; reason: string };

/**
 * Stands in for a {@link PlanBot} wherever an adapter needs one, passing every call to the bot of
 * the moment. A question in flight finishes on the bot it started on (`ask` is synchronous).
 *
 * @example
 * const live = new LiveBot(PlanBot.load());
 * live.reload(); // { ok: true, documents: 1, passages: 31 }
 */
export class LiveBot {
  constructor(private current: PlanBot) {}

  /** The bot answering now. */
  get bot(): PlanBot {
    return this.current;
  }

  ask(...args: Parameters<PlanBot['ask']>): ReturnType<PlanBot['ask']> {
    return this.current.ask(...args);
  }

  get passageIds(): string[] {
    return this.current.passageIds;
  }

  /** The current corpus's passage index (for /clause autocomplete by words). */
  get index(): PlanBot['index'] {
    return this.current.index;
  }

  pointChoices(typed: string): ReturnType<PlanBot['pointChoices']> {
    return this.current.pointChoices(typed);
  }

  /** Reloads the corpus folder; on any failure keeps the current bot and says why. */
  reload(): ReloadOutcome {
    let next: PlanBot;
    try {
      next = this.current.reloaded();
    } catch (err) {
      return { ok: false, reason: err instanceof Error ? err.message : String(err) };
    }
    this.current = next;
    return { ok: true, documents: next.sources.length, passages: next.index.passages.length };
  }
}

/** What {@link reloadOnSignal} listens on: the process, or a stand-in in tests. */
export type SignalSource = Pick<NodeJS.EventEmitter, 'on' | 'off'>;

/**
 * Reloads `live` whenever `signal` (SIGHUP by default) arrives, logging the outcome: `corpus
 * reloaded` with the new counts, or an error with the reason and the corpus still in use.
 *
 * @returns a function that stops listening.
 */
export function reloadOnSignal(live: LiveBot, logger: Logger, source: SignalSource = process, signal: NodeJS.Signals = 'SIGHUP'): () => void {
  const handler = (): void => {
    const outcome = live.reload();
    if (outcome.ok) logger.info({ signal, documents: outcome.documents, passages: outcome.passages }, 'corpus reloaded');
    else logger.error({ signal, reason: outcome.reason, passages: live.bot.index.passages.length }, 'corpus reload failed; still answering from the previous corpus');
  };
  source.on(signal, handler);
  return () => source.off(signal, handler);
}
