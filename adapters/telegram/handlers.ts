/**
 * One function per behaviour: a message (or its edit) that asks the bot something, an inline query,
 * and the bot's own membership changing. Each asks the core, renders its answer and sends it; none of
 * them decides what an answer says.
 */
import { GrammyError, type Context } from 'grammy';
import type { InlineQueryResultArticle, Message } from 'grammy/types';
import type { PlanBot } from '../../src/dialogue/bot.js';
import { nextPrevious, type Previous } from '../../src/dialogue/conversation.js';
import type { Logger } from '../../src/runtime/logger.js';
import type { ConversationStore } from '../../src/state/conversation-store.js';
import { askShared, type SharedState } from '../../src/state/shared-state.js';
import { logQuestion } from '../../src/store/question-log.js';
import { newAnswerId } from '../../src/store/record.js';
import type { OutcomeStore } from '../../src/store/types.js';
import type { Answer } from '../../src/types.js';
import type { StoppedChats } from './chats.js';
import { feedbackMarkup } from './feedback.js';
import { addressed, type Me, type Via } from './question.js';
import { apology, inlineArticles, renderAnswer } from './render.js';

/** Everything a handler needs, built once by {@link createTelegramBot}. */
export interface HandlerContext {
  bot: Pick<PlanBot, 'ask'>;
  logger: Logger;
  /** Whether the log may carry question text (`LOG_QUESTIONS`); otherwise only its length. */
  logQuestions: boolean;
  /** Which answer belongs to which question, and each answer's turn (for replies to it). */
  conversations: ConversationStore;
  /** Claims and rate limits shared by replicas. */
  state: SharedState;
  /** Where outcomes and feedback are recorded; with it, answers carry feedback buttons. */
  store?: OutcomeStore | undefined;
  /** Chats the bot no longer sends to. */
  stopped: StoppedChats;
  /** The bot itself (getMe), known once the bot is initialised. */
  me: () => Me;
}

/** How an answer reached the asker, for the log line and the recorded outcome. */
type Delivery = { delivered: true; where: 'chat' | 'edit'; parts: number } | { delivered: false; reason: string };

/** Telegram's short reason for a failed call. */
export function reasonOf(err: unknown): string {
  if (err instanceof GrammyError) return `${err.error_code}: ${err.description}`;
  return err instanceof Error ? err.message : String(err);
}

/** Whether Telegram refused because the bot may not write there (blocked, kicked, chat gone). */
function isForbidden(err: unknown): boolean {
  return err instanceof GrammyError && err.error_code === 403;
}

/** Conversation keys: an answer message's turn, a private chat's last turn, a question's answer. */
const keys = {
  turn: (chat: number, message: number) => `thread:${chat}:${message}`,
  chat: (chat: number) => `thread:${chat}`,
  answer: (chat: number, message: number) => `answer:${chat}:${message}`,
};

/** The previous turn a message continues: the answer it replies to, else (in a private chat) the chat's last one. */
function previousFor(message: Message, h: HandlerContext): Previous | undefined {
  const reply = message.reply_to_message;
  const stored =
    reply && reply.from?.id === h.me().id
      ? h.conversations.get(keys.turn(message.chat.id, reply.message_id))
      : message.chat.type === 'private'
        ? h.conversations.get(keys.chat(message.chat.id))
        : undefined;
  return stored?.kind === 'thread' ? stored.previous : undefined;
}

/** A question's answer on its way out. */
interface Turn {
  answer?: Answer | undefined;
  previous?: Previous | undefined;
  parts: string[];
  started: number;
  user: string;
  answerId?: string | undefined;
}

async function answerOrApology(h: HandlerContext, question: string, user: string, ref: string, previous: Previous | undefined): Promise<Turn> {
  const started = performance.now();
  try {
    const answer = await askShared(h.bot, h.state, question, { user, surface: 'telegram', previous });
    return { answer, previous: nextPrevious(question, answer, previous), parts: renderAnswer(answer), started, user, answerId: h.store ? newAnswerId() : undefined };
  } catch (err) {
    h.logger.error({ err, surface: 'telegram', ref, outcome: 'error' }, 'question failed');
    return { parts: [apology(ref)], started, user };
  }
}

function logHandled(h: HandlerContext, turn: Turn, extra: Record<string, unknown>, delivery: Delivery): void {
  if (!turn.answer) return;
  const store = h.store && turn.answerId ? { store: h.store, answerId: turn.answerId, user: turn.user } : undefined;
  logQuestion(h.logger, { surface: 'telegram', answer: turn.answer, latencyMs: performance.now() - turn.started, logQuestions: h.logQuestions, extra: { ...extra, ...delivery }, store });
}

/** Sends the parts in order (buttons under the last), the first as a reply in groups; returns the sent ids. */
async function sendParts(ctx: Context, chatId: number, replyTo: number | undefined, turn: Turn): Promise<number[]> {
  const markup = feedbackMarkup(turn.answer, turn.answerId);
  const ids: number[] = [];
  for (const [i, text] of turn.parts.entries()) {
    const sent = await ctx.api.sendMessage(chatId, text, {
      parse_mode: 'HTML',
      link_preview_options: { is_disabled: true },
      ...(i === 0 && replyTo !== undefined ? { reply_parameters: { message_id: replyTo, allow_sending_without_reply: true } } : {}),
      ...(i === turn.parts.length - 1 && markup ? { reply_markup: markup } : {}),
    });
    ids.push(sent.message_id);
  }
  return ids;
}

/**
 * Answers a message meant for the bot (see {@link addressed}). A reply to one of the bot's answers,
 * or any message in a private chat, is read against that conversation's previous turn. With `edit`,
 * the bot's earlier answer to the message is edited in place (editMessageText); a message it never
 * answered is answered anew.
 */
export async function handleMessage(ctx: Context, h: HandlerContext, edit = false): Promise<void> {
  const message = edit ? ctx.editedMessage : ctx.message;
  if (!message) return;
  const read = addressed(message, h.me());
  if (read.kind === 'ignore') {
    h.logger.debug({ surface: 'telegram', chatId: message.chat.id, chatType: message.chat.type, why: read.why }, 'message not for the bot');
    return;
  }
  const chatId = message.chat.id;
  // A user who writes has unblocked the bot. (A group is unmarked by my_chat_member when it re-adds the
  // bot; a message from it may only be one queued before the bot was removed.)
  if (message.chat.type === 'private') h.stopped.resume(chatId);
  const ref = `${chatId}/${message.message_id}`;
  const extra = { via: read.via satisfies Via, chatType: message.chat.type, ref, ...(read.command ? { command: read.command } : {}), ...(edit ? { edit } : {}) };
  const previous = previousFor(message, h);
  const turn = await answerOrApology(h, read.text, `telegram:${message.from?.id ?? chatId}`, ref, previous);

  const earlier = edit ? h.conversations.get(keys.answer(chatId, message.message_id)) : undefined;
  if (earlier?.kind === 'answer') {
    const answerId = Number(earlier.ref.message);
    let delivery: Delivery = { delivered: true, where: 'edit', parts: 1 };
    try {
      // An edit changes the first message only: Telegram cannot turn one message into two.
      const markup = feedbackMarkup(turn.answer, turn.answerId);
      await ctx.api.editMessageText(chatId, answerId, turn.parts[0]!, { parse_mode: 'HTML', link_preview_options: { is_disabled: true }, ...(markup ? { reply_markup: markup } : {}) });
    } catch (err) {
      // The edit did not change the question's answer: nothing to do.
      if (!(err instanceof GrammyError && /not modified/i.test(err.description))) {
        if (isForbidden(err)) h.stopped.stop(chatId, message.chat.type === 'private' ? 'blocked' : 'kicked');
        else h.logger.error({ err, surface: 'telegram', ref }, 'could not update the earlier answer');
        delivery = { delivered: false, reason: reasonOf(err) };
      }
    }
    if (delivery.delivered && turn.previous) h.conversations.set(keys.turn(chatId, answerId), { kind: 'thread', previous: turn.previous });
    logHandled(h, turn, extra, delivery);
    return;
  }

  const stopped = h.stopped.reason(chatId);
  if (stopped) {
    logHandled(h, turn, extra, { delivered: false, reason: `chat marked ${stopped}` });
    return;
  }
  let delivery: Delivery;
  try {
    const ids = await sendParts(ctx, chatId, message.chat.type === 'private' ? undefined : message.message_id, turn);
    delivery = { delivered: true, where: 'chat', parts: ids.length };
    h.conversations.set(keys.answer(chatId, message.message_id), { kind: 'answer', ref: { channel: String(chatId), message: String(ids[0]!) } });
    if (turn.previous) {
      for (const id of ids) h.conversations.set(keys.turn(chatId, id), { kind: 'thread', previous: turn.previous });
      if (message.chat.type === 'private') h.conversations.set(keys.chat(chatId), { kind: 'thread', previous: turn.previous });
    }
  } catch (err) {
    if (isForbidden(err)) h.stopped.stop(chatId, message.chat.type === 'private' ? 'blocked' : 'kicked');
    else h.logger.error({ err, surface: 'telegram', ref }, 'reply failed');
    delivery = { delivered: false, reason: reasonOf(err) };
  }
  logHandled(h, turn, extra, delivery);
}

/** Inline results are the same for everyone and change only with the corpus: Telegram may cache them. */
const INLINE_CACHE_SECONDS = 300;

/**
 * Answers an inline query (`@thebot NATO`) with one article per cited clause. Inline queries arrive
 * keystroke by keystroke, so they are not rate-limited per user nor recorded as questions; the log
 * line is at debug level.
 */
export async function handleInlineQuery(ctx: Context, h: HandlerContext): Promise<void> {
  const query = ctx.inlineQuery;
  if (!query) return;
  const text = query.query.trim();
  const answer = text ? await askShared(h.bot, undefined, text, { surface: 'telegram' }) : undefined;
  const results: InlineQueryResultArticle[] = (answer ? inlineArticles(answer) : []).map((a) => ({
    type: 'article',
    id: a.id,
    title: a.title,
    description: a.description,
    input_message_content: { message_text: a.messageText, parse_mode: 'HTML', link_preview_options: { is_disabled: true } },
  }));
  h.logger.debug({ surface: 'telegram', via: 'inline', outcome: answer?.kind ?? 'empty', results: results.length, inlineQueryId: query.id }, 'inline query answered');
  try {
    await ctx.answerInlineQuery(results, { cache_time: INLINE_CACHE_SECONDS, is_personal: false });
  } catch (err) {
    h.logger.warn({ err, surface: 'telegram', inlineQueryId: query.id }, 'could not answer the inline query');
  }
}

/** The bot was added to, removed from, or blocked in a chat: remember whether it may still write there. */
export function handleMyChatMember(ctx: Context, h: HandlerContext): void {
  const update = ctx.myChatMember;
  if (!update) return;
  const status = update.new_chat_member.status;
  const chatId = update.chat.id;
  if (status === 'kicked' || status === 'left') {
    h.stopped.stop(chatId, update.chat.type === 'private' ? 'blocked' : status);
  } else {
    h.stopped.resume(chatId);
  }
}
