/**
 * Messages addressed to the bot: mentions in channels and DMs, each answered once (and once per edit)
 * in its conversation, with follow-ups read against the thread's previous turn.
 */
import type { App, webApi } from '@slack/bolt';
import { detectLanguage } from '../../src/language/lang.js';
import { say, type StringKey } from '../../src/wording/strings.js';
import { ask, logHandled, type Asked, type Asker, type HandlerContext } from './context.js';
import { coreFailedNotice, post, remove, update } from './delivery.js';
import { withFeedback } from './feedback.js';
import { questionFromSlack } from './question.js';
import { renderAnswer, renderNotice, withLine } from './render.js';

/** A message addressed to the bot, in a channel (a mention) or a DM. */
interface Incoming {
  channel: string;
  ts: string;
  /** The thread the message is in, if any. */
  threadTs: string | undefined;
  text: string;
  /** Whether it is a DM, where every message is for the bot and answers stay in place. */
  dm: boolean;
  /** The `edited.ts` of an edited message. */
  editedTs?: string | undefined;
  /** A DM that carried only files. */
  filesOnly?: boolean;
}

/**
 * Answers a message (mention or DM) in its conversation, once per message and once per edit.
 * A question in a thread (or a DM) is read against the thread's previous turn. An answer with
 * quotes starts or joins a thread and ends with how to ask more; small talk and refusals to a
 * channel message are answered in place, without opening a thread. An edited question whose answer
 * the store knows updates that answer in place; any other edit is answered like a new message.
 */
async function answerMessage(ctx: HandlerContext, client: webApi.WebClient, m: Incoming, who: Asker): Promise<void> {
  const messageKey = `message:${m.channel}:${m.ts}${m.editedTs ? `:edited:${m.editedTs}` : ''}`;
  if (!(await ctx.state.claim([`event:${who.eventId}`, messageKey]))) {
    ctx.logger.debug({ eventId: who.eventId, channel: m.channel, ts: m.ts }, 'duplicate delivery ignored');
    return;
  }
  const answerKey = `answer:${m.channel}:${m.ts}`;
  // A question and its edit can arrive together: one at a time per message, so the later finds the
  // earlier's answer (and updates it) instead of answering a second time.
  await inTurn(ctx, answerKey, () => answerInTurn(ctx, client, m, who, answerKey));
}

const turns = new WeakMap<HandlerContext, Map<string, Promise<void>>>();
/** Runs `work` after any earlier work for `key` in this process has finished. */
async function inTurn(ctx: HandlerContext, key: string, work: () => Promise<void>): Promise<void> {
  let queue = turns.get(ctx);
  if (!queue) turns.set(ctx, (queue = new Map()));
  const before = queue.get(key) ?? Promise.resolve();
  const mine = before.then(work, work);
  const settled = mine.catch(() => undefined);
  queue.set(key, settled);
  try {
    await mine;
  } finally {
    if (queue.get(key) === settled) queue.delete(key);
  }
}

async function answerInTurn(ctx: HandlerContext, client: webApi.WebClient, m: Incoming, who: Asker, answerKey: string): Promise<void> {
  const known = ctx.conversations.get(answerKey);
  // The edit came first and is answered already: the original text is out of date.
  if (!m.editedTs && known?.kind === 'answer') {
    ctx.logger.debug({ eventId: who.eventId, channel: m.channel, ts: m.ts }, 'question already answered in its edited form');
    return;
  }
  const earlier = m.editedTs ? known : undefined;
  // A DM's top level is one running conversation; anywhere else, a conversation is a thread.
  const conversation = m.threadTs ?? (m.dm ? 'dm' : undefined);
  const stored = conversation ? ctx.conversations.get(`thread:${m.channel}:${conversation}`) : undefined;
  // An edited thread opener is asked afresh, not as a follow-up to its own answer.
  const previous = stored?.kind === 'thread' && !(m.editedTs && m.threadTs === m.ts) ? stored.previous : undefined;
  if (m.filesOnly) {
    const delivered = await post(ctx.logger, client, m.channel, m.threadTs, renderNotice(say('en', 'adapter.fileOnly')), who.eventId);
    ctx.logger.info({ surface: 'slack', via: who.via, eventId: who.eventId, outcome: 'files-only', delivered: delivered !== undefined }, 'message with files only');
    return;
  }
  let asked: Asked;
  try {
    asked = await ask(ctx, questionFromSlack(m.text), who, previous);
  } catch (err) {
    // The delivery is claimed, so Slack's retry will be ignored: this is the asker's only reply.
    ctx.logger.error({ err, surface: 'slack', via: who.via, eventId: who.eventId, outcome: 'error' }, 'question failed');
    await post(ctx.logger, client, m.channel, m.threadTs, renderNotice(coreFailedNotice(who.eventId)), who.eventId);
    return;
  }
  const answered = asked.answer.kind === 'answered';
  // In a channel an answer starts (or joins) the thread of the asking message.
  const threadTs = m.threadTs ?? (answered && !m.dm ? m.ts : undefined);
  const hintKey: StringKey = m.dm ? 'adapter.hint.reply' : 'adapter.hint.mention';
  // "How to ask more" only where a follow-up will be read against this answer: a thread or a DM. An
  // edit updates the earlier answer where it is, so a top-level refusal stays top level, without it.
  const render = (inConversation: boolean) => {
    const answer = renderAnswer(asked.answer);
    const message = answered && inConversation ? withLine(answer, say(detectLanguage(asked.question), hintKey)) : answer;
    // The feedback buttons stay last, under the hint.
    return withFeedback(message, asked);
  };

  if (earlier?.kind === 'answer') {
    const delivered = await update(ctx.logger, client, earlier.ref, render(earlier.ref.thread !== undefined), who.eventId);
    if (delivered && asked.previous && earlier.ref.thread) ctx.conversations.set(`thread:${m.channel}:${earlier.ref.thread}`, { kind: 'thread', previous: asked.previous });
    logHandled(ctx, asked, who, delivered, { edit: 'updated' });
    return;
  }
  const ts = await post(ctx.logger, client, m.channel, threadTs, render(threadTs !== undefined || m.dm), who.eventId);
  if (ts !== undefined) {
    ctx.conversations.set(answerKey, { kind: 'answer', ref: { channel: m.channel, message: ts, thread: threadTs ?? conversation } });
    const thread = threadTs ?? conversation;
    if (thread && asked.previous) ctx.conversations.set(`thread:${m.channel}:${thread}`, { kind: 'thread', previous: asked.previous });
  }
  logHandled(ctx, asked, who, ts !== undefined, m.editedTs ? { edit: 'answered' } : {});
}

/** Deletes the answer to a DM question the asker deleted: an answer to nothing reads as the bot talking to itself. */
async function forgetMessage(ctx: HandlerContext, client: webApi.WebClient, channel: string, ts: string, eventId: string): Promise<void> {
  const answerKey = `answer:${channel}:${ts}`;
  await inTurn(ctx, answerKey, async () => {
    const earlier = ctx.conversations.get(answerKey);
    if (earlier?.kind !== 'answer') return;
    const deleted = await remove(ctx.logger, client, earlier.ref, eventId);
    ctx.logger.info({ surface: 'slack', eventId, channel, ts, deleted }, 'question deleted; deleting its answer');
  });
}

/** Registers the listeners for mentions and for DMs (new, with files, edited or deleted). */
export function registerMessageListeners(app: App, ctx: HandlerContext): void {
  app.event('app_mention', async ({ event, body, client }) => {
    if (event.bot_id !== undefined || event.user === undefined) return;
    const user = event.user;
    await ctx.track(() =>
      answerMessage(
        ctx,
        client,
        { channel: event.channel, ts: event.ts, threadTs: event.thread_ts, text: event.text, dm: false, editedTs: event.edited?.ts },
        { via: 'mention', team: event.team ?? body.team_id, user, eventId: body.event_id },
      ),
    );
  });

  app.message(async ({ message, body, client }) => {
    if (message.channel_type !== 'im') return;
    // A person's own DM: plain, with files (a screenshot), "also sent to conversation", or edited.
    let m: Incoming;
    let user: string;
    let team: string | undefined;
    if (message.subtype === undefined || message.subtype === 'file_share' || message.subtype === 'thread_broadcast') {
      if (('bot_id' in message && message.bot_id !== undefined) || !('user' in message) || typeof message.user !== 'string') return;
      const text = message.text ?? '';
      const files = 'files' in message && Array.isArray(message.files) && message.files.length > 0;
      m = { channel: message.channel, ts: message.ts, threadTs: message.thread_ts, text, dm: true, filesOnly: files && questionFromSlack(text) === '' };
      user = message.user;
      team = 'team' in message && typeof message.team === 'string' ? message.team : undefined;
    } else if (message.subtype === 'message_changed') {
      // Unfurls and the bot's own chat.update also arrive as message_changed; only a person's edit has `edited`.
      const edited = message.message as { user?: string; bot_id?: string; text?: string; ts: string; thread_ts?: string; edited?: { ts: string } };
      if (!edited.edited || edited.bot_id !== undefined || typeof edited.user !== 'string') return;
      m = { channel: message.channel, ts: edited.ts, threadTs: edited.thread_ts, text: edited.text ?? '', dm: true, editedTs: edited.edited.ts };
      user = edited.user;
    } else if (message.subtype === 'message_deleted') {
      const deletedTs = message.deleted_ts;
      await ctx.track(() => forgetMessage(ctx, client, message.channel, deletedTs, body.event_id));
      return;
    } else return;
    await ctx.track(() => answerMessage(ctx, client, m, { via: 'dm', team: team ?? body.team_id, user, eventId: body.event_id }));
  });
}
