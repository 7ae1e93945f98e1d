/**
 * How answers reach Slack, and what happens when Slack refuses: a post (with a short note when the
 * answer itself was rejected), an update in place, a `response_url` reply, and a shared answer's fallbacks.
 */
import type { RespondArguments, webApi } from '@slack/bolt';
import type { Lang } from '../../src/language/lang.js';
import type { Logger } from '../../src/runtime/logger.js';
import type { AnswerRef } from '../../src/state/conversation-store.js';
import { say } from '../../src/wording/strings.js';
import { renderNotice, type SlackMessage } from './render.js';
import { isPlatformError, slackErrorCode } from './selfcheck.js';

/** Shown when an answer could not be posted but a short note still can be. */
export const POST_FAILED_NOTICE = 'Sorry, Slack would not accept my answer to that question. The error has been logged; please try again.';

/** Sent when the core fails on a question (as Discord does); the reference is in the log line too. */
export function coreFailedNotice(eventId: string): string {
  return `Sorry, something went wrong while answering. It has been logged (reference ${eventId}).`;
}

// Failures that concern the conversation or the token, not the message: a note would fail the same way.
const UNPOSTABLE = new Set([
  'channel_not_found', 'not_in_channel', 'is_archived', 'invalid_auth', 'not_authed', 'account_inactive',
  'token_revoked', 'token_expired', 'missing_scope', 'restricted_action', 'team_access_not_granted', 'ekm_access_denied',
]);

/**
 * Posts an answer into a conversation (a thread when `threadTs` is set); on failure, a note if possible.
 * Resolves with the answer's `ts`, or undefined when it was not posted.
 */
export async function post(logger: Logger, client: webApi.WebClient, channel: string, threadTs: string | undefined, message: SlackMessage, eventId: string): Promise<string | undefined> {
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
}

/** Replaces the bot's earlier answer with a new one (an edited question); false when Slack refused. */
export async function update(logger: Logger, client: webApi.WebClient, ref: AnswerRef, message: SlackMessage, eventId: string): Promise<boolean> {
  try {
    await client.chat.update({ channel: ref.channel, ts: ref.message, text: message.text, blocks: message.blocks });
    return true;
  } catch (err) {
    logger.error({ eventId, channel: ref.channel, ts: ref.message, error: slackErrorCode(err) }, 'could not update the earlier answer');
    return false;
  }
}

/** Deletes the bot's answer to a question the asker deleted; false when Slack refused. */
export async function remove(logger: Logger, client: webApi.WebClient, ref: AnswerRef, eventId: string): Promise<boolean> {
  try {
    await client.chat.delete({ channel: ref.channel, ts: ref.message });
    return true;
  } catch (err) {
    logger.warn({ eventId, channel: ref.channel, ts: ref.message, error: slackErrorCode(err) }, 'could not delete the answer to a deleted question');
    return false;
  }
}

/** Sends through a `response_url`, logging (it is all that can be done) when Slack refuses. */
export async function respondSafely(logger: Logger, respond: (m: RespondArguments) => Promise<unknown>, message: RespondArguments, eventId: string): Promise<boolean> {
  try {
    await respond(message);
    return true;
  } catch (err) {
    logger.error({ eventId, error: slackErrorCode(err) }, 'could not respond through response_url');
    return false;
  }
}

/**
 * Posts a shared answer when its `response_url` no longer works (used up, or older than 30 minutes):
 * as the bot in the channel, or, where the bot may not post, an ephemeral note to the sharer saying so.
 */
export async function shareFallback(logger: Logger, client: webApi.WebClient, channel: string | undefined, user: string, message: SlackMessage, lang: Lang, eventId: string): Promise<'posted' | 'explained' | 'failed'> {
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
}
