/**
 * What every Slack listener shares: its dependencies (with their defaults in place), asking the core
 * for one question, and the structured log line per question handled.
 */
import type { PlanBot } from '../../src/dialogue/bot.js';
import { nextPrevious, type Previous } from '../../src/dialogue/conversation.js';
import type { ConversationStore } from '../../src/state/conversation-store.js';
import type { Logger } from '../../src/runtime/logger.js';
import { logQuestion } from '../../src/store/question-log.js';
import { askShared, type SharedState } from '../../src/state/shared-state.js';
import { newAnswerId } from '../../src/store/record.js';
import type { OutcomeStore } from '../../src/store/types.js';
import type { Answer } from '../../src/types.js';
import type { SlackConfig } from './config.js';

/** What the listeners need. */
export interface HandlerDeps {
  bot: Pick<PlanBot, 'ask'>;
  config: Pick<SlackConfig, 'SLACK_RESPONSE_TYPE' | 'LOG_QUESTIONS' | 'ADMIN_USER_IDS'>;
  logger: Logger;
  /**
   * Claims and rate limits, shared across listeners (a mention that also arrives as a DM message is
   * answered once) and, in Redis, across replicas and restarts. Default: this process's memory.
   */
  state?: SharedState;
  /** Where outcomes are recorded; with it, answers carry feedback buttons. */
  store?: OutcomeStore | undefined;
  /** Which answer belongs to which question, and each thread's last turn; in memory by default. */
  conversations?: ConversationStore;
}

/** What each listener is given: the dependencies with their defaults in place, and the tracking of work. */
export interface HandlerContext extends HandlerDeps {
  state: SharedState;
  conversations: ConversationStore;
  /** Runs one question's work, tracked so that shutdown can wait for it. */
  track(work: () => Promise<void>): Promise<void>;
}

/** Who asked, where, and how: everything about one question except its text. */
export interface Asker {
  via: 'mention' | 'dm' | 'command' | 'share';
  team: string;
  user: string;
  /** The Events API event id, or the trigger id of a command or button click. */
  eventId: string;
}

/** A question on its way through the core, with what the per-question log line needs. */
export interface Asked {
  answer: Answer;
  question: string;
  started: number;
  /** The id the answer's feedback buttons carry (only when outcomes are recorded). */
  answerId: string | undefined;
  /** The conversation's state after this answer. */
  previous?: Previous | undefined;
}

/** Asks the core one question within its conversation. */
export async function ask(ctx: HandlerContext, text: string, who: Asker, previous?: Previous): Promise<Asked> {
  const started = performance.now();
  // A share reposts an answer already given (and already counted against the asker's rate limit).
  const user = who.via === 'share' ? {} : { user: `slack:${who.team}:${who.user}` };
  const answer = await askShared(ctx.bot, ctx.state, text, { ...user, surface: 'slack', previous });
  return { answer, question: text, started, answerId: ctx.store ? newAnswerId() : undefined, previous: nextPrevious(text, answer, previous) };
}

/** The one structured line per question handled (the core's shared fields, plus where it came from). */
export function logHandled(ctx: HandlerContext, asked: Asked, who: Asker, delivered: boolean, extra: Record<string, unknown> = {}): void {
  const { answer, started, answerId } = asked;
  const store = ctx.store && answerId ? { store: ctx.store, answerId, user: `slack:${who.team}:${who.user}` } : undefined;
  logQuestion(ctx.logger, { surface: 'slack', answer, latencyMs: performance.now() - started, logQuestions: ctx.config.LOG_QUESTIONS, extra: { via: who.via, eventId: who.eventId, delivered, ...extra }, store });
}
