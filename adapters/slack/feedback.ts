/**
 * 👍/👎 under Slack answers: Block Kit's feedback buttons (a `context_actions` block), and the
 * listener that records a click. What a click means and how it is stored is the core's
 * (`src/store/record.ts`); this file only translates Slack's payloads.
 */
import type { App, BlockFeedbackButtonsAction, types } from '@slack/bolt';
import type { Logger } from '../../src/runtime/logger.js';
import { feedbackValue, parseFeedbackValue, recordFeedback, wantsFeedback } from '../../src/store/record.js';
import type { OutcomeStore } from '../../src/store/types.js';
import type { Answer } from '../../src/types.js';
import { say } from '../../src/wording/strings.js';
import { SLACK_LIMITS } from './limits.js';
import type { SlackMessage } from './render.js';
import { slackErrorCode } from './selfcheck.js';

/** `action_id` of the feedback buttons. */
export const FEEDBACK_ACTION_ID = 'answer_feedback';

/** The feedback buttons for one answer. */
export function feedbackBlock(answerId: string): types.ContextActionsBlock {
  return {
    type: 'context_actions',
    elements: [
      {
        type: 'feedback_buttons',
        action_id: FEEDBACK_ACTION_ID,
        positive_button: { text: { type: 'plain_text', text: '👍' }, accessibility_label: say('en', 'feedback.up'), value: feedbackValue('up', answerId) },
        negative_button: { text: { type: 'plain_text', text: '👎' }, accessibility_label: say('en', 'feedback.down'), value: feedbackValue('down', answerId) },
      },
    ],
  };
}

/**
 * The message with feedback buttons at its end, for an answer worth rating (a quote or a refusal)
 * that has an id; otherwise, or when Slack's block limit is reached, the message unchanged.
 */
export function withFeedback(message: SlackMessage, asked: { answer: Pick<Answer, 'kind'>; answerId: string | undefined }): SlackMessage {
  if (asked.answerId === undefined || !wantsFeedback(asked.answer) || message.blocks.length >= SLACK_LIMITS.blocks) return message;
  return { ...message, blocks: [...message.blocks, feedbackBlock(asked.answerId)] };
}

/**
 * Records feedback clicks. The click is acknowledged at once and thanked privately; the answer is
 * neither reposted nor changed. A second click by the same person on the same answer replaces the
 * first (the store keeps one vote per person per answer).
 */
export function registerFeedback(app: App, deps: { store: OutcomeStore; logger: Logger }): void {
  const { store, logger } = deps;
  app.action<BlockFeedbackButtonsAction>({ type: 'block_actions', action_id: FEEDBACK_ACTION_ID }, async ({ action, body, ack, respond }) => {
    await ack();
    const click = parseFeedbackValue(action.value ?? '');
    if (!click) {
      logger.warn({ surface: 'slack', value: String(action.value).slice(0, 80) }, 'ignored a feedback click with an unknown value');
      return;
    }
    const team = body.team?.id ?? body.user.team_id ?? '';
    recordFeedback(store, { surface: 'slack', answerId: click.answerId, user: `slack:${team}:${body.user.id}`, vote: click.vote });
    logger.info({ surface: 'slack', answerId: click.answerId, vote: click.vote }, 'feedback recorded');
    try {
      await respond({ response_type: 'ephemeral', replace_original: false, text: say('en', 'feedback.thanks') });
    } catch (err) {
      logger.warn({ surface: 'slack', error: slackErrorCode(err) }, 'could not thank for the feedback');
    }
  });
}
