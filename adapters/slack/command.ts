/**
 * The `/plan` slash command, answered through its `response_url`, and the "Share in channel" button
 * under its private answers, which reposts the answer publicly in the sharer's name.
 */
import type { App, BlockButtonAction } from '@slack/bolt';
import { teachReply } from './teach.js';
import { detectLanguage } from '../../src/language/lang.js';
import { say } from '../../src/wording/strings.js';
import { ask, logHandled, type Asked, type Asker, type HandlerContext } from './context.js';
import { coreFailedNotice, respondSafely, shareFallback } from './delivery.js';
import { withFeedback } from './feedback.js';
import { escapeText } from './mrkdwn.js';
import { questionFromSlack } from './question.js';
import { renderAnswer, renderNotice, SHARE_ACTION_ID, withLine } from './render.js';

/** The slash command, as `manifest.yml` declares it. */
export const SLASH_COMMAND = '/plan';

/** Registers the `/plan` listener and the "Share in channel" button's. */
export function registerCommandListeners(app: App, ctx: HandlerContext): void {
  app.command(SLASH_COMMAND, async ({ command, ack, respond }) => {
    await ack();
    await ctx.track(async () => {
      const who: Asker = { via: 'command', team: command.team_id, user: command.user_id, eventId: command.trigger_id };
      // `/plan teach …` changes what the bot knows (admins only); its reply is for the teacher alone.
      const taught = teachReply(ctx.bot, ctx.config, ctx.logger, command.text, command.user_id);
      if (taught !== undefined) return void (await respondSafely(ctx.logger, respond, { response_type: 'ephemeral', ...renderNotice(taught) }, who.eventId));
      let asked: Asked;
      try {
        asked = await ask(ctx, questionFromSlack(command.text), who);
      } catch (err) {
        ctx.logger.error({ err, surface: 'slack', via: who.via, eventId: who.eventId, outcome: 'error' }, 'question failed');
        await respondSafely(ctx.logger, respond, { response_type: 'ephemeral', ...renderNotice(coreFailedNotice(who.eventId)) }, who.eventId);
        return;
      }
      const ephemeral = ctx.config.SLACK_RESPONSE_TYPE === 'ephemeral';
      // A public answer shows the question: Slack does not echo a command answered through response_url.
      const message = withFeedback(renderAnswer(asked.answer, { share: ephemeral, showQuestion: !ephemeral }), asked);
      const delivered = await respondSafely(ctx.logger, respond, { response_type: ctx.config.SLACK_RESPONSE_TYPE, ...message }, who.eventId);
      logHandled(ctx, asked, who, delivered);
    });
  });

  app.action<BlockButtonAction>({ type: 'block_actions', action_id: SHARE_ACTION_ID }, async ({ action, body, ack, respond, client }) => {
    await ack();
    await ctx.track(async () => {
      const who: Asker = { via: 'share', team: body.team?.id ?? body.user.team_id ?? '', user: body.user.id, eventId: body.trigger_id };
      // A double click sends two actions (each with its own trigger and response_url) for one private
      // answer: claim the share of that message, so only the first posts it publicly.
      const container = body.container as { message_ts?: string; channel_id?: string } | undefined;
      const shareKey = `share:${container?.channel_id ?? body.channel?.id ?? ''}:${container?.message_ts ?? body.trigger_id}:${action.value ?? ''}`;
      if (!(await ctx.state.claim([shareKey]))) {
        ctx.logger.debug({ eventId: who.eventId, user: who.user }, 'share already claimed (a double click)');
        return;
      }
      // The core is deterministic, so asking again reproduces the answer the button was under.
      const asked = await ask(ctx, action.value ?? '', who);
      if (asked.answer.kind === 'invalid') {
        const delivered = await respondSafely(ctx.logger, respond, { response_type: 'ephemeral', replace_original: false, ...renderAnswer(asked.answer) }, who.eventId);
        logHandled(ctx, asked, who, delivered);
        return;
      }
      const lang = detectLanguage(asked.question);
      // The sharer's mention is the one piece of live markup the bot writes: Slack shows it as their name.
      const sharer = /^[UW][A-Z0-9]+$/.test(body.user.id) ? `<@${body.user.id}>` : escapeText(body.user.id);
      const shared = withFeedback(withLine(renderAnswer(asked.answer, { showQuestion: true }), escapeText(say(lang, 'adapter.sharedBy')).replace('{user}', sharer), true), asked);
      let delivered = await respondSafely(ctx.logger, respond, { response_type: 'in_channel', replace_original: false, ...shared }, who.eventId);
      let via = 'response_url';
      if (!delivered) {
        const outcome = await shareFallback(ctx.logger, client, body.channel?.id, body.user.id, shared, lang, who.eventId);
        delivered = outcome === 'posted';
        via = outcome;
      }
      // The private copy is now redundant; remove it only once the public one is there.
      if (via === 'response_url') await respondSafely(ctx.logger, respond, { delete_original: true }, who.eventId);
      logHandled(ctx, asked, who, delivered, { shared: via });
    });
  });
}
