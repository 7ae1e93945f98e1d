/**
 * Slack events → questions → the core → rendered answers back to Slack. The listeners here only
 * route and transport; the core decides what the answer says and `render.ts` how it looks.
 */
import type { App, BlockButtonAction, RespondArguments, webApi } from '@slack/bolt';
import type { PlanBot } from '../../src/bot.js';
import { logQuestion, type Logger } from '../../src/logger.js';
import { MemoryState } from '../../src/state/memory-state.js';
import { askShared, type SharedState } from '../../src/state/shared-state.js';
import { newAnswerId } from '../../src/store/record.js';
import type { OutcomeStore } from '../../src/store/types.js';
import type { Answer } from '../../src/types.js';
import type { SlackConfig } from './config.js';
import { withFeedback } from './feedback.js';
import { questionFromSlack } from './question.js';
import { renderAnswer, renderNotice, SHARE_ACTION_ID, type SlackMessage } from './render.js';
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
}

/**
 * Registers the mention, DM, `/plan` and "Share in channel" listeners on a Bolt app.
 */
export function registerHandlers(app: App, deps: HandlerDeps): Handlers {
  const { bot, config, logger } = deps;
  const state = deps.state ?? new MemoryState();
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

  const ask = async (text: string, who: Asker): Promise<Asked> => {
    const started = performance.now();
    // A share reposts an answer already given (and already counted against the asker's rate limit).
    const user = who.via === 'share' ? {} : { user: `slack:${who.team}:${who.user}` };
    const answer = await askShared(bot, state, text, { ...user, surface: 'slack' });
    return { answer, question: text, started, answerId: deps.store ? newAnswerId() : undefined };
  };

  /** The one structured line per question handled (the core's shared fields, plus where it came from). */
  const logHandled = (asked: Asked, who: Asker, delivered: boolean): void => {
    const { answer, started, answerId } = asked;
    const store = deps.store && answerId ? { store: deps.store, answerId, user: `slack:${who.team}:${who.user}` } : undefined;
    logQuestion(logger, { surface: 'slack', answer, latencyMs: performance.now() - started, logQuestions: config.LOG_QUESTIONS, extra: { via: who.via, eventId: who.eventId, delivered }, store });
  };

  /** Posts an answer into a conversation (a thread when `threadTs` is set); on failure, a note if possible. */
  const post = async (client: webApi.WebClient, channel: string, threadTs: string | undefined, message: SlackMessage, eventId: string): Promise<boolean> => {
    const where = { channel, ...(threadTs ? { thread_ts: threadTs } : {}) };
    try {
      // No link_names and no parse: nothing in the text may become a live mention.
      await client.chat.postMessage({ ...where, text: message.text, blocks: message.blocks, unfurl_links: false, unfurl_media: false });
      return true;
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
      return false;
    }
  };

  /** Answers a message (mention or DM) in its conversation, once per message. */
  const answerMessage = async (
    client: webApi.WebClient,
    m: { channel: string; ts: string; threadTs: string | undefined; text: string; botUserId: string | undefined },
    who: Asker,
  ): Promise<void> => {
    if (!(await state.claim([`event:${who.eventId}`, `message:${m.channel}:${m.ts}`]))) {
      logger.debug({ eventId: who.eventId, channel: m.channel, ts: m.ts }, 'duplicate delivery ignored');
      return;
    }
    const asked = await ask(questionFromSlack(m.text, m.botUserId), who);
    const delivered = await post(client, m.channel, m.threadTs, withFeedback(renderAnswer(asked.answer), asked), who.eventId);
    logHandled(asked, who, delivered);
  };

  app.event('app_mention', async ({ event, body, client, context }) => {
    if (event.bot_id !== undefined || event.user === undefined) return;
    const user = event.user;
    await track(() =>
      answerMessage(
        client,
        // In a channel the answer starts (or joins) the thread of the asking message.
        { channel: event.channel, ts: event.ts, threadTs: event.thread_ts ?? event.ts, text: event.text, botUserId: context.botUserId },
        { via: 'mention', team: event.team ?? body.team_id, user, eventId: body.event_id },
      ),
    );
  });

  app.message(async ({ message, body, client, context }) => {
    // Only a person's own new message in a DM: not edits, joins, files, or other bots.
    if (message.subtype !== undefined || message.channel_type !== 'im' || message.bot_id !== undefined) return;
    const text = message.text ?? '';
    await track(() =>
      answerMessage(
        client,
        { channel: message.channel, ts: message.ts, threadTs: message.thread_ts, text, botUserId: context.botUserId },
        { via: 'dm', team: message.team ?? body.team_id, user: message.user, eventId: body.event_id },
      ),
    );
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

  app.action<BlockButtonAction>({ type: 'block_actions', action_id: SHARE_ACTION_ID }, async ({ action, body, ack, respond }) => {
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
      const shared = withFeedback(renderAnswer(asked.answer, { showQuestion: true }), asked);
      const delivered = await respondSafely(respond, { response_type: 'in_channel', replace_original: false, ...shared }, who.eventId);
      // The private copy is now redundant; remove it only once the public one is there.
      if (delivered) await respondSafely(respond, { delete_original: true }, who.eventId);
      logHandled(asked, who, delivered);
    });
  });

  return {
    async idle(): Promise<void> {
      while (inflight.size > 0) await Promise.allSettled([...inflight]);
    },
  };
}
