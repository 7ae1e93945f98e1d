/**
 * 👍/👎 under Discord answers: two buttons in an action row, and the handler that records a click.
 * What a click means and how it is stored is the core's (`src/store/record.ts`); this file only
 * translates Discord's components and interactions.
 */
import { ButtonStyle, ComponentType, MessageFlags, type APIActionRowComponent, type APIButtonComponent, type ButtonInteraction } from 'discord.js';
import type { Logger } from '../../src/runtime/logger.js';
import { feedbackValue, parseFeedbackValue, recordFeedback, wantsFeedback } from '../../src/store/record.js';
import type { OutcomeStore } from '../../src/store/types.js';
import type { Answer } from '../../src/types.js';
import { say } from '../../src/wording/strings.js';
import { type Lang } from '../../src/language/lang.js';

/** The two feedback buttons for one answer. */
export function feedbackRow(answerId: string): APIActionRowComponent<APIButtonComponent> {
  const button = (vote: 'up' | 'down', emoji: string): APIButtonComponent => ({
    type: ComponentType.Button,
    style: ButtonStyle.Secondary,
    custom_id: feedbackValue(vote, answerId),
    emoji: { name: emoji },
  });
  return { type: ComponentType.ActionRow, components: [button('up', '👍'), button('down', '👎')] };
}

/** The payload with feedback buttons, for an answer worth rating (a quote or a refusal) that has an id. */
export function withFeedback<P extends object>(payload: P, answer: Pick<Answer, 'kind'> | undefined, answerId: string | undefined): P {
  if (!answer || answerId === undefined || !wantsFeedback(answer)) return payload;
  return { ...payload, components: [feedbackRow(answerId)] };
}

/** Whether an interaction is a click on a feedback button. */
export function isFeedbackButton(interaction: ButtonInteraction): boolean {
  return parseFeedbackValue(interaction.customId) !== undefined;
}

/** Discord's locale (`uk`, `ru`, `en-US`, …) as one of the bot's languages. */
function langOf(locale: string): Lang {
  const base = locale.slice(0, 2);
  return base === 'uk' || base === 'ru' ? base : 'en';
}

/**
 * Records a click and thanks the clicker privately, at once, in one interaction callback: the
 * answer is neither reposted nor changed. A second click by the same person on the same answer
 * replaces the first (the store keeps one vote per person per answer).
 */
export async function handleFeedbackButton(interaction: ButtonInteraction, ctx: { store: OutcomeStore; logger: Logger }): Promise<void> {
  const click = parseFeedbackValue(interaction.customId);
  if (!click) return;
  recordFeedback(ctx.store, { surface: 'discord', answerId: click.answerId, user: `discord:${interaction.user.id}`, vote: click.vote });
  ctx.logger.info({ surface: 'discord', answerId: click.answerId, vote: click.vote, interactionId: interaction.id }, 'feedback recorded');
  try {
    await interaction.reply({ content: say(langOf(interaction.locale), 'feedback.thanks'), flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
  } catch (err) {
    ctx.logger.warn({ err, surface: 'discord', interactionId: interaction.id }, 'could not thank for the feedback');
  }
}
