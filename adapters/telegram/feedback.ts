/**
 * 👍/👎 under Telegram answers: two inline-keyboard buttons whose callback_data is the core's feedback
 * value (`fb:up:<answer id>`, 22 bytes: well under Telegram's 64), and the handler that records a tap
 * in the same outcome store as Slack and Discord. This file only translates Telegram's shapes.
 */
import type { Context } from 'grammy';
import type { InlineKeyboardMarkup } from 'grammy/types';
import type { Logger } from '../../src/runtime/logger.js';
import { feedbackValue, parseFeedbackValue, recordFeedback, wantsFeedback } from '../../src/store/record.js';
import type { OutcomeStore } from '../../src/store/types.js';
import type { Answer } from '../../src/types.js';
import { say } from '../../src/wording/strings.js';
import { langOfCode } from './question.js';

/** The two feedback buttons for one answer. */
export function feedbackKeyboard(answerId: string): InlineKeyboardMarkup {
  return { inline_keyboard: [[{ text: '👍', callback_data: feedbackValue('up', answerId) }, { text: '👎', callback_data: feedbackValue('down', answerId) }]] };
}

/** The buttons for an answer worth rating (a quote or a refusal) that has an id; otherwise none. */
export function feedbackMarkup(answer: Pick<Answer, 'kind'> | undefined, answerId: string | undefined): InlineKeyboardMarkup | undefined {
  return answer && answerId !== undefined && wantsFeedback(answer) ? feedbackKeyboard(answerId) : undefined;
}

/**
 * Records a tap and answers the callback query with a short thanks (a toast in the tapper's
 * language), so Telegram stops the button's spinner. A second tap by the same person on the same
 * answer replaces the first (the store keeps one vote per person per answer). Other callback data is
 * acknowledged and ignored.
 */
export async function handleFeedback(ctx: Context, deps: { store: OutcomeStore | undefined; logger: Logger }): Promise<void> {
  const query = ctx.callbackQuery;
  if (!query) return;
  const click = parseFeedbackValue(query.data ?? '');
  if (click && deps.store) {
    recordFeedback(deps.store, { surface: 'telegram', answerId: click.answerId, user: `telegram:${query.from.id}`, vote: click.vote });
    deps.logger.info({ surface: 'telegram', answerId: click.answerId, vote: click.vote, callbackQueryId: query.id }, 'feedback recorded');
  }
  try {
    await ctx.answerCallbackQuery(click ? { text: say(langOfCode(query.from.language_code), 'feedback.thanks') } : {});
  } catch (err) {
    deps.logger.warn({ err, surface: 'telegram', callbackQueryId: query.id }, 'could not answer the callback query');
  }
}
