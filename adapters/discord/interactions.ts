/**
 * Interactions: slash commands (answered in one callback), `/clause` autocomplete, and the routing
 * of every interaction, feedback buttons included, in gateway and HTTP mode alike.
 */
import type { AutocompleteInteraction, ChatInputCommandInteraction, Interaction } from 'discord.js';
import { Command, Option } from './commands.js';
import { answerOrApology, logHandled, reasonOf, type HandlerContext, type Origin } from './context.js';
import { handleFeedbackButton, isFeedbackButton, withFeedback } from './feedback.js';
import { LIMITS } from './limits.js';
import { questionFromDiscord } from './question.js';
import { apology, toPayload } from './render.js';

/** The question a slash command stands for, in the words the core understands. */
export function questionFor(interaction: ChatInputCommandInteraction): string {
  switch (interaction.commandName) {
    case Command.Ask:
      return questionFromDiscord(interaction.options.getString(Option.Question, true));
    case Command.Clause:
      // Every typed option is Discord text: a spoiler or a mention in it is markup, not words.
      return `clause ${questionFromDiscord(interaction.options.getString(Option.Id, true))}`;
    case Command.Compare:
      return `compare ${questionFromDiscord(interaction.options.getString(Option.Topic, true))}`;
    case Command.Topics:
      return 'topics';
    case Command.Sources:
      return 'sources';
    default:
      // Help, and any command left over from an older registration.
      return 'help';
  }
}

/** Whether the reply is visible only to the asker: /ask's `public` option, else the server default. */
export function isEphemeral(interaction: ChatInputCommandInteraction, publicDefault: boolean): boolean {
  const chosen = interaction.commandName === Command.Ask ? interaction.options.getBoolean(Option.Public) : null;
  return !(chosen ?? publicDefault);
}

/**
 * Answers a slash command with a single interaction callback. The core is synchronous and in memory
 * (milliseconds), so replying at once both acknowledges within Discord's three seconds and answers;
 * deferring would only add a round trip. A failure gets an ephemeral apology, so the interaction is
 * never left unanswered.
 */
export async function handleCommand(interaction: ChatInputCommandInteraction, ctx: HandlerContext): Promise<void> {
  const origin: Origin = { via: 'slash', command: interaction.commandName, interactionId: interaction.id };
  const turn = await answerOrApology(ctx, questionFor(interaction), interaction.user.id, origin, interaction.id);
  const { answer, message } = turn;
  // Feedback for the asker alone (an apology, "too long", the rate-limit notice) never goes public.
  const ephemeral = !answer || answer.kind === 'invalid' || isEphemeral(interaction, ctx.publicDefault);
  try {
    // Interaction replies show embeds whatever the channel's permissions: no Embed Links check here.
    await interaction.reply(withFeedback(toPayload(message, { ephemeral }), answer, turn.answerId));
    logHandled(ctx, turn, origin, { delivered: true, where: 'reply' });
  } catch (err) {
    ctx.logger.error({ err, surface: 'discord', ...origin }, 'reply failed');
    logHandled(ctx, turn, origin, { delivered: false, where: 'reply', reason: reasonOf(err) });
    if (answer) await sendApology(interaction, ctx);
  }
}

/** Last resort after a failed reply: an ephemeral apology, as a follow-up if Discord took the reply. */
async function sendApology(interaction: ChatInputCommandInteraction, ctx: HandlerContext): Promise<void> {
  const payload = toPayload(apology(interaction.id), { ephemeral: true });
  try {
    if (interaction.replied || interaction.deferred) await interaction.followUp(payload);
    else await interaction.reply(payload);
  } catch (err) {
    ctx.logger.error({ err, surface: 'discord', interactionId: interaction.id }, 'apology failed');
  }
}

/**
 * Citation ids matching what the user typed, for autocomplete: ids whose document or local part
 * (`7.2` of `plan-article:7.2`) starts with it first, then ids merely containing it, then ids whose
 * passage has a word starting with it (`nato` lists the NATO clauses); reading order within each
 * group; at most 25 (Discord's limit), none longer than a choice may be.
 */
export function matchIds(ids: readonly string[], typed: string, textOf: (id: string) => string | undefined = () => undefined): string[] {
  const query = typed.trim().toLowerCase();
  const prefixed: string[] = [];
  const containing: string[] = [];
  const wording: string[] = [];
  const wordStart = query.length >= 2 ? new RegExp(`(?:^|[^\\p{L}\\p{N}])${query.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'iu') : undefined;
  for (const id of ids) {
    if (id.length > LIMITS.choiceValue) continue;
    const lower = id.toLowerCase();
    const local = lower.slice(lower.indexOf(':') + 1);
    if (lower.startsWith(query) || local.startsWith(query)) prefixed.push(id);
    else if (lower.includes(query)) containing.push(id);
    else if (wordStart?.test(textOf(id) ?? '')) wording.push(id);
  }
  return [...prefixed, ...containing, ...wording].slice(0, LIMITS.autocompleteChoices);
}

/** An autocomplete choice: the id, with the start of its passage when known (a name may be 100 characters). */
function choiceName(id: string, text: string | undefined): string {
  if (!text) return id;
  const label = `${id} · ${text}`;
  return label.length <= LIMITS.choiceName ? label : `${label.slice(0, LIMITS.choiceName - 1).trimEnd()}…`;
}

/** Suggests citation ids for /clause's `id` option; any other autocomplete gets no suggestions. */
export async function handleAutocomplete(interaction: AutocompleteInteraction, ctx: HandlerContext): Promise<void> {
  const focused = interaction.options.getFocused(true);
  const textOf = (id: string): string | undefined => ctx.bot.index?.byId.get(id)?.text;
  const ids = interaction.commandName === Command.Clause && focused.name === Option.Id ? matchIds(ctx.bot.passageIds, focused.value, textOf) : [];
  // Points of the plan's own text first ("10: The American guarantee comes with conditions"), then passage ids.
  const points = interaction.commandName === Command.Clause ? (ctx.bot.pointChoices?.(focused.value) ?? []) : [];
  try {
    await interaction.respond([...points, ...ids.map((id) => ({ name: choiceName(id, textOf(id)), value: id }))].slice(0, LIMITS.autocompleteChoices));
  } catch (err) {
    ctx.logger.warn({ err, surface: 'discord', interactionId: interaction.id }, 'autocomplete failed');
  }
}

/** Routes an interaction to its handler. Never rejects: errors are logged. */
export async function handleInteraction(interaction: Interaction, ctx: HandlerContext): Promise<void> {
  try {
    // Two processes on one token (or one shard run twice) both receive it; only one may reply.
    if (ctx.state && !(await ctx.state.claim([`discord:interaction:${interaction.id}`]))) return;
    if (interaction.isChatInputCommand()) await handleCommand(interaction, ctx);
    else if (interaction.isAutocomplete()) await handleAutocomplete(interaction, ctx);
    else if (interaction.isButton() && ctx.store && isFeedbackButton(interaction)) await handleFeedbackButton(interaction, { store: ctx.store, logger: ctx.logger });
  } catch (err) {
    ctx.logger.error({ err, surface: 'discord', interactionId: interaction.id }, 'interaction handler failed');
  }
}
