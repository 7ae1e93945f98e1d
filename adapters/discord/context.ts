/**
 * What every Discord handler shares: the context it is given, asking the core for one turn of a
 * conversation (an apology if the core fails), and the log line written once delivery is known.
 */
import { DiscordAPIError } from 'discord.js';
import type { PlanBot } from '../../src/dialogue/bot.js';
import { nextPrevious, type Previous } from '../../src/dialogue/conversation.js';
import type { ConversationStore } from '../../src/state/conversation-store.js';
import { type Logger } from '../../src/runtime/logger.js';
import { logQuestion } from '../../src/store/question-log.js';
import { askShared, type SharedState } from '../../src/state/shared-state.js';
import { newAnswerId } from '../../src/store/record.js';
import type { OutcomeStore } from '../../src/store/types.js';
import type { Answer } from '../../src/types.js';
import { apology, renderAnswer, type RenderedMessage } from './render.js';

/** What the adapter needs of the core: answers, the citation ids for autocomplete and, if it has them, the passages' words and the points. */
export type AnswerSource = Pick<PlanBot, 'ask' | 'passageIds'> & Partial<Pick<PlanBot, 'index' | 'pointChoices'>>;

/** Everything a handler needs, built once by the client factory. */
export interface HandlerContext {
  bot: AnswerSource;
  logger: Logger;
  /** Whether /ask answers publicly when the asker does not choose (`DISCORD_PUBLIC_DEFAULT`). */
  publicDefault: boolean;
  /** Whether the log may carry question text (`LOG_QUESTIONS`); otherwise only its length. */
  logQuestions: boolean;
  /** Which answer belongs to which question, and each thread's last turn; in memory when not given. */
  conversations?: ConversationStore;
  /** Claims and rate limits shared by replicas; without it, the core limits in this process. */
  state?: SharedState;
  /** Where outcomes and feedback are recorded; with it, answers carry feedback buttons. */
  store?: OutcomeStore | undefined;
}

/** Where a question came from, for the log line. */
export type Origin = { via: 'slash'; command: string; interactionId: string } | { via: 'mention' | 'dm'; messageId: string; edit?: boolean };

/** How an answer reached the asker, for the log line: `delivered` is true only when Discord took it. */
export interface Delivery {
  delivered: boolean;
  /** thread, channel, dm (a DM conversation, or the fallback when the channel refused), reply (an interaction), edit. */
  where?: 'thread' | 'channel' | 'dm' | 'reply' | 'edit';
  /** Sent as plain text because embeds would not show (no Embed Links). */
  plain?: boolean;
  /** Why it was not delivered, or why it fell back. */
  reason?: string;
}

/** A question's answer on its way out, with what its log line (and recorded outcome) needs. */
export interface Turn {
  answer?: Answer;
  previous?: Previous | undefined;
  message: RenderedMessage;
  started: number;
  /** The asker, `discord:<user id>`. */
  user: string;
  /** The id the answer's feedback buttons carry (only when outcomes are recorded). */
  answerId?: string | undefined;
}

/** The core's one line per question (and its recorded outcome), written once the outcome of delivery is known. */
export function logHandled(ctx: HandlerContext, turn: Turn, origin: Origin, delivery: Delivery): void {
  if (!turn.answer) return;
  const store = ctx.store && turn.answerId ? { store: ctx.store, answerId: turn.answerId, user: turn.user } : undefined;
  logQuestion(ctx.logger, { surface: 'discord', answer: turn.answer, latencyMs: performance.now() - turn.started, logQuestions: ctx.logQuestions, extra: { ...origin, ...delivery }, store });
}

/** Asks the core within a conversation; on failure, logs it under `ref` and returns the apology instead. */
export async function answerOrApology(
  ctx: HandlerContext,
  question: string,
  userId: string,
  origin: Origin,
  ref: string,
  previous?: Previous,
): Promise<Turn> {
  const started = performance.now();
  const user = `discord:${userId}`;
  try {
    const answer = await askShared(ctx.bot, ctx.state, question, { user, surface: 'discord', previous });
    const answerId = ctx.store ? newAnswerId() : undefined;
    return { answer, previous: nextPrevious(question, answer, previous), message: renderAnswer(answer), started, user, answerId };
  } catch (err) {
    ctx.logger.error({ err, surface: 'discord', ...origin, outcome: 'error' }, 'question failed');
    return { message: apology(ref), started, user };
  }
}

/** Discord's short reason for a failed call: its error code, or the error's message. */
export function reasonOf(err: unknown): string {
  if (err instanceof DiscordAPIError) return `${err.code}: ${err.message}`;
  return err instanceof Error ? err.message : String(err);
}
