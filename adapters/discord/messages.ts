/**
 * Messages addressed to the bot: mentions (which open a thread for an answer with quotes), DMs,
 * follow-ups read against the conversation's last turn, and edits, which update the earlier answer.
 */
import type { Message, PartialMessage } from 'discord.js';
import { detectLanguage } from '../../src/language/lang.js';
import { JsonFileStore, type ConversationStore } from '../../src/state/conversation-store.js';
import type { Answer } from '../../src/types.js';
import { say, type StringKey } from '../../src/wording/strings.js';
import { answerOrApology, logHandled, reasonOf, type Delivery, type HandlerContext, type Origin } from './context.js';
import { allowedFor, deliver, withHint, type Sent } from './delivery.js';
import { withFeedback } from './feedback.js';
import { LIMITS } from './limits.js';
import { fitLines, plainAnswerText } from './markdown.js';
import { questionFromDiscord } from './question.js';
import { toPayload, type RenderedMessage } from './render.js';

/** Whether a message is addressed to the bot: any DM, or a guild message that mentions the bot (a reply that pings it does). */
function isForBot(message: Message): boolean {
  if (message.author.bot || message.system) return false;
  return !message.inGuild() || message.mentions.users.has(message.client.user.id);
}

/**
 * The answer as plain text, for channels where the bot may not embed links: Discord would drop the
 * embeds silently and leave the lead line with no quotes.
 */
function plainText(answer: Answer | undefined, rendered: RenderedMessage): RenderedMessage {
  if (!answer || rendered.embeds.length === 0) return rendered;
  return { content: fitLines(plainAnswerText(answer.text), LIMITS.content), embeds: [] };
}

const memoryConversations = new WeakMap<HandlerContext, ConversationStore>();
/** The context's conversation store, or one in memory kept for the context's lifetime. */
function conversationsOf(ctx: HandlerContext): ConversationStore {
  if (ctx.conversations) return ctx.conversations;
  let store = memoryConversations.get(ctx);
  if (!store) memoryConversations.set(ctx, (store = new JsonFileStore(undefined)));
  return store;
}

/**
 * Answers a message addressed to the bot. A question in a thread or a DM is read against the
 * conversation's previous turn. An answer with quotes in a text channel opens a thread named after the
 * cleaned question; small talk, refusals and failures are answered in place. Every threaded answer ends
 * with how to ask more.
 */
export async function handleMessage(message: Message, ctx: HandlerContext, edit = false): Promise<void> {
  if (!isForBot(message)) return;
  // Another process (a replica, or this one before a restart) may have answered this message, or this edit.
  const claim = `discord:message:${message.id}${edit ? `:edited:${String(message.editedTimestamp)}` : ''}`;
  if (ctx.state && !(await ctx.state.claim([claim]))) {
    ctx.logger.debug({ surface: 'discord', messageId: message.id }, 'message already answered by another process');
    return;
  }
  // A question and its edit can arrive together: one at a time per message, so the later finds the
  // earlier's answer (and edits it) instead of answering a second time.
  await inTurn(ctx, message.id, () => respond(message, ctx, edit));
}

const turns = new WeakMap<HandlerContext, Map<string, Promise<void>>>();
/** Runs `work` after any earlier work for `key` in this process has finished. */
async function inTurn(ctx: HandlerContext, key: string, work: () => Promise<void>): Promise<void> {
  let queue = turns.get(ctx);
  if (!queue) turns.set(ctx, (queue = new Map()));
  const mine = (queue.get(key) ?? Promise.resolve()).then(work, work);
  const settled = mine.catch(() => undefined);
  queue.set(key, settled);
  try {
    await mine;
  } finally {
    if (queue.get(key) === settled) queue.delete(key);
  }
}

/** Answers (or, for an edit, re-answers) one message, in its turn. */
async function respond(message: Message, ctx: HandlerContext, edit: boolean): Promise<void> {
  const conversations = conversationsOf(ctx);
  // The edit came first and is answered already: the original text is out of date.
  if (!edit && conversations.get(`answer:${message.id}`)?.kind === 'answer') return;
  const question = questionFromDiscord(message.content);
  const origin: Origin = { via: message.inGuild() ? 'mention' : 'dm', messageId: message.id, ...(edit ? { edit } : {}) };
  const conversation = message.channel.isThread() || !message.inGuild() ? message.channelId : undefined;
  const stored = conversation ? conversations.get(`thread:${conversation}`) : undefined;
  const previous = stored?.kind === 'thread' ? stored.previous : undefined;
  const allowed = allowedFor(message);
  const turn = await answerOrApology(ctx, question, message.author.id, origin, message.id, previous);
  const rendered = allowed.embed ? turn.message : plainText(turn.answer, turn.message);
  // "Ask more in this thread" only goes where a follow-up will be read against this answer: a thread
  // or a DM. Where the answer lands is known only once delivered (no thread permission, a 403), so
  // delivery adds it.
  const hintKey: StringKey = message.inGuild() ? 'adapter.hint.mentionOrReply' : 'adapter.hint.reply';
  const hint = turn.answer?.kind === 'answered' ? say(detectLanguage(turn.answer.question), hintKey) : undefined;

  const earlier = edit ? conversations.get(`answer:${message.id}`) : undefined;
  if (earlier?.kind === 'answer') {
    let delivery: Delivery = { delivered: true, where: 'edit' };
    try {
      const channel = await message.client.channels.fetch(earlier.ref.channel);
      if (!channel?.isTextBased()) throw new Error(`channel ${earlier.ref.channel} is gone`);
      const updated = hint && earlier.ref.thread ? withHint(rendered, hint) : rendered;
      await channel.messages.edit(earlier.ref.message, withFeedback(toPayload(updated), turn.answer, turn.answerId));
      if (earlier.ref.thread && turn.previous) conversations.set(`thread:${earlier.ref.thread}`, { kind: 'thread', previous: turn.previous });
    } catch (err) {
      ctx.logger.error({ err, surface: 'discord', messageId: message.id }, 'could not update the earlier answer');
      delivery = { delivered: false, where: 'edit', reason: reasonOf(err) };
    }
    logHandled(ctx, turn, origin, delivery);
    return;
  }

  let sent: Sent | undefined;
  try {
    sent = await deliver(message, turn, rendered, question, allowed, ctx, hint);
  } catch (err) {
    ctx.logger.error({ err, surface: 'discord', messageId: message.id }, 'reply failed');
    sent = { channelId: '', messageId: '', delivery: { delivered: false, reason: reasonOf(err) } };
  }
  if (sent?.delivery.delivered) {
    conversations.set(`answer:${message.id}`, { kind: 'answer', ref: { channel: sent.channelId, message: sent.messageId, thread: sent.conversation } });
    if (sent.conversation && turn.previous) conversations.set(`thread:${sent.conversation}`, { kind: 'thread', previous: turn.previous });
  }
  logHandled(ctx, turn, origin, sent?.delivery ?? { delivered: false });
}

const editsSeen = new Set<string>();
/**
 * Handles an edited message: when the bot answered it (the store says where, also after a restart)
 * the answer is edited in place; otherwise the edited message is answered once, like a new one.
 * Updates that are not edits (embeds unfurling) are ignored.
 */
export async function handleEdit(message: Message | PartialMessage, ctx: HandlerContext): Promise<void> {
  if (message.partial || message.editedTimestamp === null) return;
  const key = `${message.id}:${message.editedTimestamp}`;
  if (editsSeen.has(key)) return;
  editsSeen.add(key);
  if (editsSeen.size > 10_000) editsSeen.delete(editsSeen.values().next().value!);
  await handleMessage(message, ctx, true);
}

/**
 * Deletes the bot's answer when its question is deleted: an answer to nothing reads as the bot talking
 * to itself. Only answers the store knows (this bot's, also after a restart) are touched.
 */
export async function handleDelete(message: Pick<Message | PartialMessage, 'id' | 'client'>, ctx: HandlerContext): Promise<void> {
  const earlier = conversationsOf(ctx).get(`answer:${message.id}`);
  if (earlier?.kind !== 'answer') return;
  try {
    const channel = await message.client.channels.fetch(earlier.ref.channel);
    if (!channel?.isTextBased()) throw new Error(`channel ${earlier.ref.channel} is gone`);
    await channel.messages.delete(earlier.ref.message);
    ctx.logger.info({ surface: 'discord', messageId: message.id }, 'question deleted; deleted its answer');
  } catch (err) {
    ctx.logger.warn({ surface: 'discord', messageId: message.id, reason: reasonOf(err) }, 'could not delete the answer to a deleted question');
  }
}

