/**
 * Slack events → questions → the core → rendered answers back to Slack. The listeners here only
 * route and transport; the core decides what the answer says and `render.ts` how it looks.
 */
import type { App, BlockButtonAction, RespondArguments, types, webApi } from '@slack/bolt';
import type { PlanBot } from '../../src/dialogue/bot.js';
import { nextPrevious, type Previous } from '../../src/dialogue/conversation.js';
import { JsonFileStore, type AnswerRef, type ConversationStore } from '../../src/state/conversation-store.js';
import { type Logger } from '../../src/runtime/logger.js';
import { logQuestion } from '../../src/store/question-log.js';
import { MemoryState } from '../../src/state/memory-state.js';
import { askShared, type SharedState } from '../../src/state/shared-state.js';
import { newAnswerId } from '../../src/store/record.js';
import type { OutcomeStore } from '../../src/store/types.js';
import type { Answer } from '../../src/types.js';
import { say, type StringKey } from '../../src/wording/strings.js';
import { detectLanguage } from '../../src/language/lang.js';
import type { SlackConfig } from './config.js';
import { withFeedback } from './feedback.js';
import { questionFromSlack } from './question.js';
import { escapeText, renderAnswer, renderNotice, SHARE_ACTION_ID, type SlackMessage } from './render.js';
import { isPlatformError, slackErrorCode } from './selfcheck.js';

/** The slash command, as `manifest.yml` declares it. */
export const SLASH_COMMAND = '/plan';

/** Shown when an answer could not be posted but a short note still can be. */
export const POST_FAILED_NOTICE = 'Sorry, Slack would not accept my answer to that question. The error has been logged; please try again.';

// Failures that concern the conversation or the token, not the message: a note would fail the same way.
const UNPOSTABLE = new Set([
  'channel_not_found', 'not_in_channel', 'is_archived', 'invalid_auth', 'not_authed', 'account_inactive',
  'token_revoked', 'token_expired', 'missing_scope', 'restricted_action', 'team_access_not_granted', 'ekm_access_denied',
]);

/** What the listeners need. */
export interface HandlerDeps {
  bot: Pick<PlanBot, 'ask'>;
  config: Pick<SlackConfig, 'SLACK_RESPONSE_TYPE' | 'LOG_QUESTIONS'>;
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

/** Handle on the registered listeners. */
export interface Handlers {
  /** Resolves when every question being handled has been answered (for graceful shutdown and tests). */
  idle(): Promise<void>;
}

/** Who asked, where, and how: everything about one question except its text. */
interface Asker {
  via: 'mention' | 'dm' | 'command' | 'share';
  team: string;
  user: string;
  /** The Events API event id, or the trigger id of a command or button click. */
  eventId: string;
}

/** A question on its way through the core, with what the per-question log line needs. */
interface Asked {
  answer: Answer;
  question: string;
  started: number;
  /** The id the answer's feedback buttons carry (only when outcomes are recorded). */
  answerId: string | undefined;
  /** The conversation's state after this answer. */
  previous?: Previous | undefined;
}

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

/** Appends one context line (escaped) under a message: the follow-up hint, "Shared by". */
function withLine(message: SlackMessage, line: string, raw = false): SlackMessage {
  const text = raw ? line : escapeText(line);
  const block: types.ContextBlock = { type: 'context', elements: [{ type: 'mrkdwn', text, verbatim: !raw }] };
  return { text: `${message.text}\n${text}`, blocks: [...message.blocks, block] };
}

/**
 * Registers the mention, DM, `/plan` and "Share in channel" listeners on a Bolt app.
 */
export function registerHandlers(app: App, deps: HandlerDeps): Handlers {
  const { bot, config, logger } = deps;
  const state = deps.state ?? new MemoryState();
  const conversations = deps.conversations ?? new JsonFileStore(undefined);
  const inflight = new Set<Promise<unknown>>();

  /** Runs one question's work, tracked so that shutdown can wait for it. */
  const track = async (work: () => Promise<void>): Promise<void> => {
    const p = work();
    inflight.add(p);
    try {
      await p;
    } finally {
      inflight.delete(p);
    }
  };

  const ask = async (text: string, who: Asker, previous?: Previous): Promise<Asked> => {
    const started = performance.now();
    // A share reposts an answer already given (and already counted against the asker's rate limit).
    const user = who.via === 'share' ? {} : { user: `slack:${who.team}:${who.user}` };
    const answer = await askShared(bot, state, text, { ...user, surface: 'slack', previous });
    return { answer, question: text, started, answerId: deps.store ? newAnswerId() : undefined, previous: nextPrevious(text, answer, previous) };
  };

  /** The one structured line per question handled (the core's shared fields, plus where it came from). */
  const logHandled = (asked: Asked, who: Asker, delivered: boolean, extra: Record<string, unknown> = {}): void => {
    const { answer, started, answerId } = asked;
    const store = deps.store && answerId ? { store: deps.store, answerId, user: `slack:${who.team}:${who.user}` } : undefined;
    logQuestion(logger, { surface: 'slack', answer, latencyMs: performance.now() - started, logQuestions: config.LOG_QUESTIONS, extra: { via: who.via, eventId: who.eventId, delivered, ...extra }, store });
  };

  /**
   * Posts an answer into a conversation (a thread when `threadTs` is set); on failure, a note if possible.
   * Resolves with the answer's `ts`, or undefined when it was not posted.
   */
  const post = async (client: webApi.WebClient, channel: string, threadTs: string | undefined, message: SlackMessage, eventId: string): Promise<string | undefined> => {
    const where = { channel, ...(threadTs ? { thread_ts: threadTs } : {}) };
    try {
      // No link_names and no parse: nothing in the text may become a live mention.
      const result = await client.chat.postMessage({ ...where, text: message.text, blocks: message.blocks, unfurl_links: false, unfurl_media: false });
      return result.ts ?? '';
    } catch (err) {
      const code = slackErrorCode(err);
      logger.error({ eventId, channel, error: code }, 'could not post the answer to Slack');
      if (isPlatformError(err) && !UNPOSTABLE.has(code)) {
        try {
          await client.chat.postMessage({ ...where, ...renderNotice(POST_FAILED_NOTICE) });
        } catch (noteErr) {
          logger.error({ eventId, channel, error: slackErrorCode(noteErr) }, 'could not post the error note either');
        }
      }
      return undefined;
    }
  };

  /** Replaces the bot's earlier answer with a new one (an edited question); false when Slack refused. */
  const update = async (client: webApi.WebClient, ref: AnswerRef, message: SlackMessage, eventId: string): Promise<boolean> => {
    try {
      await client.chat.update({ channel: ref.channel, ts: ref.message, text: message.text, blocks: message.blocks });
      return true;
    } catch (err) {
      logger.error({ eventId, channel: ref.channel, ts: ref.message, error: slackErrorCode(err) }, 'could not update the earlier answer');
      return false;
    }
  };

  /**
   * Answers a message (mention or DM) in its conversation, once per message and once per edit.
   * A question in a thread (or a DM) is read against the thread's previous turn. An answer with
   * quotes starts or joins a thread and ends with how to ask more; small talk and refusals to a
   * channel message are answered in place, without opening a thread. An edited question whose answer
   * the store knows updates that answer in place; any other edit is answered like a new message.
   */
  const answerMessage = async (client: webApi.WebClient, m: Incoming, who: Asker): Promise<void> => {
    const messageKey = `message:${m.channel}:${m.ts}${m.editedTs ? `:edited:${m.editedTs}` : ''}`;
    if (!(await state.claim([`event:${who.eventId}`, messageKey]))) {
      logger.debug({ eventId: who.eventId, channel: m.channel, ts: m.ts }, 'duplicate delivery ignored');
      return;
    }
    const answerKey = `answer:${m.channel}:${m.ts}`;
    const earlier = m.editedTs ? await conversations.get(answerKey) : undefined;
    // A DM's top level is one running conversation; anywhere else, a conversation is a thread.
    const conversation = m.threadTs ?? (m.dm ? 'dm' : undefined);
    const stored = conversation ? await conversations.get(`thread:${m.channel}:${conversation}`) : undefined;
    // An edited thread opener is asked afresh, not as a follow-up to its own answer.
    const previous = stored?.kind === 'thread' && !(m.editedTs && m.threadTs === m.ts) ? stored.previous : undefined;
    if (m.filesOnly) {
      const delivered = await post(client, m.channel, m.threadTs, renderNotice(say('en', 'adapter.fileOnly')), who.eventId);
      logger.info({ surface: 'slack', via: who.via, eventId: who.eventId, outcome: 'files-only', delivered: delivered !== undefined }, 'message with files only');
      return;
    }
    const asked = await ask(questionFromSlack(m.text), who, previous);
    const answered = asked.answer.kind === 'answered';
    // In a channel an answer starts (or joins) the thread of the asking message.
    const threadTs = m.threadTs ?? (answered && !m.dm ? m.ts : undefined);
    let message = renderAnswer(asked.answer);
    const hint: StringKey = m.dm ? 'adapter.hint.reply' : 'adapter.hint.mention';
    if (answered && (threadTs || m.dm)) message = withLine(message, say(detectLanguage(asked.question), hint));
    // The feedback buttons stay last, under the hint.
    message = withFeedback(message, asked);

    if (earlier?.kind === 'answer') {
      const delivered = await update(client, earlier.ref, message, who.eventId);
      if (delivered && asked.previous && earlier.ref.thread) conversations.set(`thread:${m.channel}:${earlier.ref.thread}`, { kind: 'thread', previous: asked.previous });
      logHandled(asked, who, delivered, { edit: 'updated' });
      return;
    }
    const ts = await post(client, m.channel, threadTs, message, who.eventId);
    if (ts !== undefined) {
      conversations.set(answerKey, { kind: 'answer', ref: { channel: m.channel, message: ts, thread: threadTs ?? conversation } });
      const thread = threadTs ?? conversation;
      if (thread && asked.previous) conversations.set(`thread:${m.channel}:${thread}`, { kind: 'thread', previous: asked.previous });
    }
    logHandled(asked, who, ts !== undefined, m.editedTs ? { edit: 'answered' } : {});
  };

  app.event('app_mention', async ({ event, body, client }) => {
    if (event.bot_id !== undefined || event.user === undefined) return;
    const user = event.user;
    await track(() =>
      answerMessage(
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
    } else return;
    await track(() => answerMessage(client, m, { via: 'dm', team: team ?? body.team_id, user, eventId: body.event_id }));
  });

  /** Sends through a `response_url`, logging (it is all that can be done) when Slack refuses. */
  const respondSafely = async (respond: (m: RespondArguments) => Promise<unknown>, message: RespondArguments, eventId: string): Promise<boolean> => {
    try {
      await respond(message);
      return true;
    } catch (err) {
      logger.error({ eventId, error: slackErrorCode(err) }, 'could not respond through response_url');
      return false;
    }
  };

  app.command(SLASH_COMMAND, async ({ command, ack, respond }) => {
    await ack();
    await track(async () => {
      const who: Asker = { via: 'command', team: command.team_id, user: command.user_id, eventId: command.trigger_id };
      const asked = await ask(questionFromSlack(command.text), who);
      const ephemeral = config.SLACK_RESPONSE_TYPE === 'ephemeral';
      // A public answer shows the question: Slack does not echo a command answered through response_url.
      const message = withFeedback(renderAnswer(asked.answer, { share: ephemeral, showQuestion: !ephemeral }), asked);
      const delivered = await respondSafely(respond, { response_type: config.SLACK_RESPONSE_TYPE, ...message }, who.eventId);
      logHandled(asked, who, delivered);
    });
  });

  /**
   * Posts a shared answer when its `response_url` no longer works (used up, or older than 30 minutes):
   * as the bot in the channel, or, where the bot may not post, an ephemeral note to the sharer saying so.
   */
  const shareFallback = async (client: webApi.WebClient, channel: string | undefined, user: string, message: SlackMessage, lang: ReturnType<typeof detectLanguage>, eventId: string): Promise<'posted' | 'explained' | 'failed'> => {
    if (!channel) return 'failed';
    try {
      await client.chat.postMessage({ channel, text: message.text, blocks: message.blocks, unfurl_links: false, unfurl_media: false });
      return 'posted';
    } catch (err) {
      const reason = slackErrorCode(err);
      logger.warn({ eventId, channel, error: reason }, 'could not post the shared answer as the bot either');
      try {
        await client.chat.postEphemeral({ channel, user, ...renderNotice(say(lang, 'adapter.shareFailed', { reason })) });
        return 'explained';
      } catch (noteErr) {
        logger.error({ eventId, channel, error: slackErrorCode(noteErr) }, 'could not tell the sharer either');
        return 'failed';
      }
    }
  };

  app.action<BlockButtonAction>({ type: 'block_actions', action_id: SHARE_ACTION_ID }, async ({ action, body, ack, respond, client }) => {
    await ack();
    await track(async () => {
      const who: Asker = { via: 'share', team: body.team?.id ?? body.user.team_id ?? '', user: body.user.id, eventId: body.trigger_id };
      // The core is deterministic, so asking again reproduces the answer the button was under.
      const asked = await ask(action.value ?? '', who);
      if (asked.answer.kind === 'invalid') {
        const delivered = await respondSafely(respond, { response_type: 'ephemeral', replace_original: false, ...renderAnswer(asked.answer) }, who.eventId);
        logHandled(asked, who, delivered);
        return;
      }
      const lang = detectLanguage(asked.question);
      // The sharer's mention is the one piece of live markup the bot writes: Slack shows it as their name.
      const sharer = /^[UW][A-Z0-9]+$/.test(body.user.id) ? `<@${body.user.id}>` : escapeText(body.user.id);
      const shared = withFeedback(withLine(renderAnswer(asked.answer, { showQuestion: true }), escapeText(say(lang, 'adapter.sharedBy')).replace('{user}', sharer), true), asked);
      let delivered = await respondSafely(respond, { response_type: 'in_channel', replace_original: false, ...shared }, who.eventId);
      let via = 'response_url';
      if (!delivered) {
        const outcome = await shareFallback(client, body.channel?.id, body.user.id, shared, lang, who.eventId);
        delivered = outcome === 'posted';
        via = outcome;
      }
      // The private copy is now redundant; remove it only once the public one is there.
      if (via === 'response_url') await respondSafely(respond, { delete_original: true }, who.eventId);
      logHandled(asked, who, delivered, { shared: via });
    });
  });

  return {
    async idle(): Promise<void> {
      while (inflight.size > 0) await Promise.allSettled([...inflight]);
    },
  };
}
