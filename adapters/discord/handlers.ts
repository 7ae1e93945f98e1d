/**
 * One function per behaviour: slash commands, /clause autocomplete, and mentions (which open a thread).
 * Each asks the core, renders its answer and sends it with {@link toPayload}; none of them decides what
 * an answer says.
 */
import {
  ChannelType,
  type AutocompleteInteraction,
  type ChatInputCommandInteraction,
  type Interaction,
  type Message,
} from 'discord.js';
import type { PlanBot } from '../../src/bot.js';
import { logQuestion, type Logger } from '../../src/logger.js';
import { askShared, type SharedState } from '../../src/state/shared-state.js';
import { newAnswerId } from '../../src/store/record.js';
import type { OutcomeStore } from '../../src/store/types.js';
import type { Answer } from '../../src/types.js';
import { Command, Option } from './commands.js';
import { handleFeedbackButton, isFeedbackButton, withFeedback } from './feedback.js';
import { apology, LIMITS, renderAnswer, threadName, toPayload, type RenderedMessage } from './render.js';

/** What the adapter needs of the core: answers, and the citation ids for autocomplete. */
export type AnswerSource = Pick<PlanBot, 'ask' | 'passageIds'> & Partial<Pick<PlanBot, 'pointChoices'>>;

/** Everything a handler needs, built once by the client factory. */
export interface HandlerContext {
  bot: AnswerSource;
  logger: Logger;
  /** Whether /ask answers publicly when the asker does not choose (`DISCORD_PUBLIC_DEFAULT`). */
  publicDefault: boolean;
  /** Whether the log may carry question text (`LOG_QUESTIONS`); otherwise only its length. */
  logQuestions: boolean;
  /** Claims and rate limits shared by replicas; without it, the core limits in this process. */
  state?: SharedState;
  /** Where outcomes and feedback are recorded; with it, answers carry feedback buttons. */
  store?: OutcomeStore | undefined;
}

/** Where a question came from, for the log line. */
type Origin = { via: 'slash'; command: string; interactionId: string } | { via: 'mention' | 'dm'; messageId: string };

/** Asks the core and logs (and records) the core's one line per question. Throws what the core throws. */
async function askCore(ctx: HandlerContext, question: string, userId: string, origin: Origin, answerId: string | undefined): Promise<Answer> {
  const started = performance.now();
  const user = `discord:${userId}`;
  const answer = await askShared(ctx.bot, ctx.state, question, { user, surface: 'discord' });
  const store = ctx.store && answerId ? { store: ctx.store, answerId, user } : undefined;
  logQuestion(ctx.logger, { surface: 'discord', answer, latencyMs: performance.now() - started, logQuestions: ctx.logQuestions, extra: origin, store });
  return answer;
}

/** Asks the core; on failure, logs it under `ref` and returns the apology instead. */
async function answerOrApology(ctx: HandlerContext, question: string, userId: string, origin: Origin, ref: string): Promise<{ answer?: Answer; message: RenderedMessage; answerId?: string }> {
  try {
    const answerId = ctx.store ? newAnswerId() : undefined;
    const answer = await askCore(ctx, question, userId, origin, answerId);
    return { answer, message: renderAnswer(answer), ...(answerId ? { answerId } : {}) };
  } catch (err) {
    ctx.logger.error({ err, surface: 'discord', ...origin, outcome: 'error' }, 'question failed');
    return { message: apology(ref) };
  }
}

/** The question a slash command stands for, in the words the core understands. */
export function questionFor(interaction: ChatInputCommandInteraction): string {
  switch (interaction.commandName) {
    case Command.Ask:
      return interaction.options.getString(Option.Question, true);
    case Command.Clause:
      return `clause ${interaction.options.getString(Option.Id, true)}`;
    case Command.Compare:
      return `compare ${interaction.options.getString(Option.Topic, true)}`;
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
  const { answer, message, answerId } = await answerOrApology(ctx, questionFor(interaction), interaction.user.id, origin, interaction.id);
  // Feedback for the asker alone (an apology, "too long", the rate-limit notice) never goes public.
  const ephemeral = !answer || answer.kind === 'invalid' || isEphemeral(interaction, ctx.publicDefault);
  try {
    await interaction.reply(withFeedback(toPayload(message, { ephemeral }), answer, answerId));
  } catch (err) {
    ctx.logger.error({ err, surface: 'discord', ...origin }, 'reply failed');
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
 * (`7.2` of `plan-article:7.2`) starts with it first, then ids merely containing it; reading order
 * within each group; at most 25 (Discord's limit), none longer than a choice may be.
 */
export function matchIds(ids: readonly string[], typed: string): string[] {
  const query = typed.trim().toLowerCase();
  const prefixed: string[] = [];
  const containing: string[] = [];
  for (const id of ids) {
    if (id.length > LIMITS.choiceValue) continue;
    const lower = id.toLowerCase();
    const local = lower.slice(lower.indexOf(':') + 1);
    if (lower.startsWith(query) || local.startsWith(query)) prefixed.push(id);
    else if (lower.includes(query)) containing.push(id);
  }
  return [...prefixed, ...containing].slice(0, LIMITS.autocompleteChoices);
}

/** Suggests citation ids for /clause's `id` option; any other autocomplete gets no suggestions. */
export async function handleAutocomplete(interaction: AutocompleteInteraction, ctx: HandlerContext): Promise<void> {
  const focused = interaction.options.getFocused(true);
  const ids = interaction.commandName === Command.Clause && focused.name === Option.Id ? matchIds(ctx.bot.passageIds, focused.value) : [];
  // Points of the plan's own text first ("10: The American guarantee comes with conditions"), then passage ids.
  const points = interaction.commandName === Command.Clause ? (ctx.bot.pointChoices?.(focused.value) ?? []) : [];
  try {
    await interaction.respond([...points, ...ids.map((id) => ({ name: id, value: id }))].slice(0, LIMITS.autocompleteChoices));
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

/** The message text without the bot's own mention (`<@id>` or the legacy nickname form `<@!id>`). */
export function stripMention(content: string, botId: string): string {
  return content.replace(new RegExp(`<@!?${botId}>`, 'g'), ' ').replace(/\s+/g, ' ').trim();
}

/** Whether a message is addressed to the bot: any DM, or a guild message that mentions the bot's user. */
function isForBot(message: Message): boolean {
  if (message.author.bot || message.system) return false;
  return !message.inGuild() || message.mentions.users.has(message.client.user.id);
}

/**
 * Answers a message addressed to the bot. In a text channel it starts a thread on the message (named
 * after the question) and answers there; in a thread or a DM it answers in place. An empty question or
 * a failure is answered in place too, so that no thread is opened just to say so.
 */
export async function handleMessage(message: Message, ctx: HandlerContext): Promise<void> {
  if (!isForBot(message)) return;
  if (ctx.state && !(await ctx.state.claim([`discord:message:${message.id}`]))) {
    ctx.logger.debug({ surface: 'discord', messageId: message.id }, 'message already answered by another process');
    return;
  }
  const question = stripMention(message.content, message.client.user.id);
  const origin: Origin = { via: message.inGuild() ? 'mention' : 'dm', messageId: message.id };
  const { answer, message: rendered, answerId } = await answerOrApology(ctx, question, message.author.id, origin, message.id);
  const feedback = { answer, answerId };
  const threadable = message.channel.type === ChannelType.GuildText || message.channel.type === ChannelType.GuildAnnouncement;
  try {
    if (answer && answer.kind !== 'invalid' && threadable) await answerInThread(message, question, rendered, ctx, feedback);
    else await sendInPlace(message, rendered, feedback);
  } catch (err) {
    ctx.logger.error({ err, surface: 'discord', messageId: message.id }, 'reply failed');
  }
}

/**
 * Posts in the message's own channel. A plain send rather than a reply: replying to a message needs the
 * Read Message History permission, which the bot does not ask for.
 */
async function sendInPlace(message: Message, rendered: RenderedMessage, feedback: Feedback): Promise<void> {
  if (!message.channel.isSendable()) throw new Error(`channel ${message.channelId} does not accept messages`);
  await message.channel.send(withFeedback(toPayload(rendered), feedback.answer, feedback.answerId));
}

/** What feedback buttons need: the answer's kind and id. */
interface Feedback {
  answer: Answer | undefined;
  answerId: string | undefined;
}

/** Starts a thread on the message and posts the answer in it; without thread permission, answers in place. */
async function answerInThread(message: Message, question: string, rendered: RenderedMessage, ctx: HandlerContext, feedback: Feedback): Promise<void> {
  let thread;
  try {
    thread = await message.startThread({ name: threadName(question) });
  } catch (err) {
    ctx.logger.warn({ err, surface: 'discord', messageId: message.id }, 'could not start a thread; answering in the channel');
    await sendInPlace(message, rendered, feedback);
    return;
  }
  await thread.send(withFeedback(toPayload(rendered), feedback.answer, feedback.answerId));
}
