/**
 * One function per behaviour: slash commands, /clause autocomplete, mentions (which open a thread for an
 * answer with quotes) and edits of them. Each asks the core, renders its answer and sends it with
 * {@link toPayload}; none of them decides what an answer says.
 */
import {
  ChannelType,
  DiscordAPIError,
  PermissionFlagsBits,
  RESTJSONErrorCodes,
  type AutocompleteInteraction,
  type ChatInputCommandInteraction,
  type Interaction,
  type Message,
  type PartialMessage,
} from 'discord.js';
import type { PlanBot } from '../../src/dialogue/bot.js';
import { nextPrevious, type Previous } from '../../src/dialogue/conversation.js';
import { JsonFileStore, type ConversationStore } from '../../src/state/conversation-store.js';
import { type Logger } from '../../src/runtime/logger.js';
import { logQuestion } from '../../src/store/question-log.js';
import { askShared, type SharedState } from '../../src/state/shared-state.js';
import { newAnswerId } from '../../src/store/record.js';
import type { OutcomeStore } from '../../src/store/types.js';
import type { Answer } from '../../src/types.js';
import { say, type StringKey } from '../../src/wording/strings.js';
import { detectLanguage } from '../../src/language/lang.js';
import { Command, Option } from './commands.js';
import { handleFeedbackButton, isFeedbackButton, withFeedback } from './feedback.js';
import { questionFromDiscord } from './question.js';
import { apology, clip, escapeText, fitLines, LIMITS, renderAnswer, threadName, toPayload, type RenderedMessage } from './render.js';

/** What the adapter needs of the core: answers, the citation ids for autocomplete and, if it has them, the passages' words and the points. */
export type AnswerSource = Pick<PlanBot, 'ask' | 'passageIds'> & Partial<Pick<PlanBot, 'index' | 'pointChoices'>>;

/** Everything a handler needs, built once by the client factory. */
export interface HandlerContext {
  bot: AnswerSource;
  logger: Logger;
  /** Whether /ask answers publicly when the asker does not choose (`DISCORD_PUBLIC_DEFAULT`). */
  publicDefault: boolean;
  /** Whether the log may carry question text (`LOG_QUESTIONS`); otherwise only its length. */
  logQuestions: boolean;
  /** Which answer belongs to which question, and each thread's last turn; in memory when not given. */
  conversations?: ConversationStore;
  /** Claims and rate limits shared by replicas; without it, the core limits in this process. */
  state?: SharedState;
  /** Where outcomes and feedback are recorded; with it, answers carry feedback buttons. */
  store?: OutcomeStore | undefined;
}

/** Where a question came from, for the log line. */
type Origin = { via: 'slash'; command: string; interactionId: string } | { via: 'mention' | 'dm'; messageId: string; edit?: boolean };

/** How an answer reached the asker, for the log line: `delivered` is true only when Discord took it. */
interface Delivery {
  delivered: boolean;
  /** thread, channel, dm (a DM conversation, or the fallback when the channel refused), reply (an interaction), edit. */
  where?: 'thread' | 'channel' | 'dm' | 'reply' | 'edit';
  /** Sent as plain text because embeds would not show (no Embed Links). */
  plain?: boolean;
  /** Why it was not delivered, or why it fell back. */
  reason?: string;
}

/** A question's answer on its way out, with what its log line (and recorded outcome) needs. */
interface Turn {
  answer?: Answer;
  previous?: Previous | undefined;
  message: RenderedMessage;
  started: number;
  /** The asker, `discord:<user id>`. */
  user: string;
  /** The id the answer's feedback buttons carry (only when outcomes are recorded). */
  answerId?: string | undefined;
}

/** The core's one line per question (and its recorded outcome), written once the outcome of delivery is known. */
function logHandled(ctx: HandlerContext, turn: Turn, origin: Origin, delivery: Delivery): void {
  if (!turn.answer) return;
  const store = ctx.store && turn.answerId ? { store: ctx.store, answerId: turn.answerId, user: turn.user } : undefined;
  logQuestion(ctx.logger, { surface: 'discord', answer: turn.answer, latencyMs: performance.now() - turn.started, logQuestions: ctx.logQuestions, extra: { ...origin, ...delivery }, store });
}

/** Asks the core within a conversation; on failure, logs it under `ref` and returns the apology instead. */
async function answerOrApology(
  ctx: HandlerContext,
  question: string,
  userId: string,
  origin: Origin,
  ref: string,
  previous?: Previous,
): Promise<Turn> {
  const started = performance.now();
  const user = `discord:${userId}`;
  try {
    const answer = await askShared(ctx.bot, ctx.state, question, { user, surface: 'discord', previous });
    const answerId = ctx.store ? newAnswerId() : undefined;
    return { answer, previous: nextPrevious(question, answer, previous), message: renderAnswer(answer), started, user, answerId };
  } catch (err) {
    ctx.logger.error({ err, surface: 'discord', ...origin, outcome: 'error' }, 'question failed');
    return { message: apology(ref), started, user };
  }
}

/** The question a slash command stands for, in the words the core understands. */
export function questionFor(interaction: ChatInputCommandInteraction): string {
  switch (interaction.commandName) {
    case Command.Ask:
      return questionFromDiscord(interaction.options.getString(Option.Question, true));
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


/** Whether a message is addressed to the bot: any DM, or a guild message that mentions the bot (a reply that pings it does). */
function isForBot(message: Message): boolean {
  if (message.author.bot || message.system) return false;
  return !message.inGuild() || message.mentions.users.has(message.client.user.id);
}

/** Discord's short reason for a failed call: its error code, or the error's message. */
function reasonOf(err: unknown): string {
  if (err instanceof DiscordAPIError) return `${err.code}: ${err.message}`;
  return err instanceof Error ? err.message : String(err);
}

/** Whether Discord refused a call for lack of a permission or of access to the channel. */
function isForbidden(err: unknown): boolean {
  return err instanceof DiscordAPIError && (err.code === RESTJSONErrorCodes.MissingPermissions || err.code === RESTJSONErrorCodes.MissingAccess || err.status === 403);
}

/** What the bot may do where a message was posted, from `permissionsFor(me)`; everything in a DM. */
interface Allowed {
  send: boolean;
  thread: boolean;
  embed: boolean;
}

function allowedFor(message: Message): Allowed {
  if (!message.inGuild()) return { send: true, thread: false, embed: true };
  const me = message.guild.members.me;
  const permissions = me && 'permissionsFor' in message.channel ? message.channel.permissionsFor(me) : null;
  // Unknown permissions: try, and fall back on a 403.
  if (!permissions) return { send: true, thread: true, embed: true };
  const inThread = message.channel.isThread();
  const can = (flag: bigint): boolean => permissions.has(flag);
  return {
    send: can(PermissionFlagsBits.ViewChannel) && can(inThread ? PermissionFlagsBits.SendMessagesInThreads : PermissionFlagsBits.SendMessages),
    thread: can(PermissionFlagsBits.CreatePublicThreads) && can(PermissionFlagsBits.SendMessagesInThreads),
    embed: can(PermissionFlagsBits.EmbedLinks),
  };
}

/**
 * The answer as plain text, for channels where the bot may not embed links: Discord would drop the
 * embeds silently and leave the lead line with no quotes.
 */
function plainText(answer: Answer | undefined, rendered: RenderedMessage): RenderedMessage {
  if (!answer || rendered.embeds.length === 0) return rendered;
  return { content: fitLines(escapeText(answer.text), LIMITS.content), embeds: [] };
}

/** Appends the "how to ask more" line (Discord's small subtext) when it fits. */
function withHint(rendered: RenderedMessage, hint: string): RenderedMessage {
  const line = `-# ${escapeText(hint)}`;
  const content = rendered.content ? `${rendered.content}\n${line}` : line;
  return content.length <= LIMITS.content ? { ...rendered, content } : rendered;
}

const memoryConversations = new WeakMap<HandlerContext, ConversationStore>();
/** The context's conversation store, or one in memory kept for the context's lifetime. */
function conversationsOf(ctx: HandlerContext): ConversationStore {
  if (ctx.conversations) return ctx.conversations;
  let store = memoryConversations.get(ctx);
  if (!store) memoryConversations.set(ctx, (store = new JsonFileStore(undefined)));
  return store;
}

/** The sent message, and the conversation it is in. */
interface Sent {
  channelId: string;
  messageId: string;
  /** The thread the answer opened or joined, or the DM: where follow-ups continue. */
  conversation?: string | undefined;
  delivery: Delivery;
}

/**
 * Delivers an answer to a message, falling back rather than failing: a thread when the answer has
 * quotes and the bot may open one; else the channel; else, when the channel refuses (no Send
 * Messages), a DM to the asker that says why. Never throws.
 */
async function deliver(message: Message, turn: Turn, rendered: RenderedMessage, question: string, allowed: Allowed, ctx: HandlerContext): Promise<Sent | undefined> {
  const log = { surface: 'discord', messageId: message.id };
  const { answer } = turn;
  const payload = (r: RenderedMessage) => withFeedback(toPayload(r), answer, turn.answerId);
  const threadable = message.channel.type === ChannelType.GuildText || message.channel.type === ChannelType.GuildAnnouncement;
  let reason: string | undefined;
  if (answer?.kind === 'answered' && threadable) {
    if (!allowed.thread) reason = 'missing Create Public Threads or Send Messages in Threads';
    else {
      try {
        const thread = await message.startThread({ name: threadName(question) });
        try {
          const sent = await thread.send(payload(rendered));
          return { channelId: thread.id, messageId: sent.id, conversation: thread.id, delivery: { delivered: true, where: 'thread', plain: !allowed.embed } };
        } catch (err) {
          if (!isForbidden(err)) throw err;
          reason = reasonOf(err);
        }
      } catch (err) {
        if (!isForbidden(err)) throw err;
        reason ??= reasonOf(err);
      }
    }
    ctx.logger.warn({ ...log, reason }, 'could not start a thread; answering in the channel');
  }
  const inConversation = message.channel.isThread() || !message.inGuild();
  if (allowed.send && message.channel.isSendable()) {
    try {
      const sent = await message.channel.send(payload(rendered));
      const where = message.inGuild() ? 'channel' : 'dm';
      return { channelId: message.channelId, messageId: sent.id, conversation: inConversation ? message.channelId : undefined, delivery: { delivered: true, where, plain: !allowed.embed, ...(reason ? { reason } : {}) } };
    } catch (err) {
      if (!isForbidden(err)) throw err;
      reason = reasonOf(err);
    }
  } else reason = 'missing Send Messages';
  // The channel will not take it: tell the asker privately, with the answer, rather than stay silent.
  try {
    const note = say(detectLanguage(question), 'adapter.cannotPost', { reason });
    const sent = await message.author.send(payload({ ...rendered, content: clip(`${escapeText(note)}\n${rendered.content}`, LIMITS.content) }));
    ctx.logger.warn({ ...log, reason }, 'could not post in the channel; answered by DM');
    return { channelId: sent.channelId, messageId: sent.id, delivery: { delivered: true, where: 'dm', reason } };
  } catch (err) {
    ctx.logger.error({ ...log, reason, dmError: reasonOf(err) }, 'could not answer in the channel or by DM');
    return { channelId: '', messageId: '', delivery: { delivered: false, reason } };
  }
}

/**
 * Answers a message addressed to the bot. A question in a thread or a DM is read against the
 * conversation's previous turn. An answer with quotes in a text channel opens a thread named after the
 * cleaned question; small talk, refusals and failures are answered in place. Every threaded answer ends
 * with how to ask more.
 */
export async function handleMessage(message: Message, ctx: HandlerContext, edit = false): Promise<void> {
  if (!isForBot(message)) return;
  // Another process (a replica, or this one before a restart) may have answered this message, or this edit.
  const claim = `discord:message:${message.id}${edit ? `:edited:${String(message.editedTimestamp)}` : ''}`;
  if (ctx.state && !(await ctx.state.claim([claim]))) {
    ctx.logger.debug({ surface: 'discord', messageId: message.id }, 'message already answered by another process');
    return;
  }
  const conversations = conversationsOf(ctx);
  const question = questionFromDiscord(message.content);
  const origin: Origin = { via: message.inGuild() ? 'mention' : 'dm', messageId: message.id, ...(edit ? { edit } : {}) };
  const conversation = message.channel.isThread() || !message.inGuild() ? message.channelId : undefined;
  const stored = conversation ? await conversations.get(`thread:${conversation}`) : undefined;
  const previous = stored?.kind === 'thread' ? stored.previous : undefined;
  const allowed = allowedFor(message);
  const turn = await answerOrApology(ctx, question, message.author.id, origin, message.id, previous);
  let rendered = allowed.embed ? turn.message : plainText(turn.answer, turn.message);
  const threaded = message.channel.type === ChannelType.GuildText || message.channel.type === ChannelType.GuildAnnouncement || conversation !== undefined;
  if (turn.answer?.kind === 'answered' && threaded) {
    const hint: StringKey = message.inGuild() ? 'adapter.hint.mentionOrReply' : 'adapter.hint.reply';
    rendered = withHint(rendered, say(detectLanguage(turn.answer.question), hint));
  }

  const earlier = edit ? await conversations.get(`answer:${message.id}`) : undefined;
  if (earlier?.kind === 'answer') {
    let delivery: Delivery = { delivered: true, where: 'edit' };
    try {
      const channel = await message.client.channels.fetch(earlier.ref.channel);
      if (!channel?.isTextBased()) throw new Error(`channel ${earlier.ref.channel} is gone`);
      await channel.messages.edit(earlier.ref.message, withFeedback(toPayload(rendered), turn.answer, turn.answerId));
      if (earlier.ref.thread && turn.previous) conversations.set(`thread:${earlier.ref.thread}`, { kind: 'thread', previous: turn.previous });
    } catch (err) {
      ctx.logger.error({ err, surface: 'discord', messageId: message.id }, 'could not update the earlier answer');
      delivery = { delivered: false, where: 'edit', reason: reasonOf(err) };
    }
    logHandled(ctx, turn, origin, delivery);
    return;
  }

  let sent: Sent | undefined;
  try {
    sent = await deliver(message, turn, rendered, question, allowed, ctx);
  } catch (err) {
    ctx.logger.error({ err, surface: 'discord', messageId: message.id }, 'reply failed');
    sent = { channelId: '', messageId: '', delivery: { delivered: false, reason: reasonOf(err) } };
  }
  if (sent?.delivery.delivered) {
    conversations.set(`answer:${message.id}`, { kind: 'answer', ref: { channel: sent.channelId, message: sent.messageId, thread: sent.conversation } });
    if (sent.conversation && turn.previous) conversations.set(`thread:${sent.conversation}`, { kind: 'thread', previous: turn.previous });
  }
  logHandled(ctx, turn, origin, sent?.delivery ?? { delivered: false });
}

const editsSeen = new Set<string>();
/**
 * Handles an edited message: when the bot answered it (the store says where, also after a restart)
 * the answer is edited in place; otherwise the edited message is answered once, like a new one.
 * Updates that are not edits (embeds unfurling) are ignored.
 */
export async function handleEdit(message: Message | PartialMessage, ctx: HandlerContext): Promise<void> {
  if (message.partial || message.editedTimestamp === null) return;
  const key = `${message.id}:${message.editedTimestamp}`;
  if (editsSeen.has(key)) return;
  editsSeen.add(key);
  if (editsSeen.size > 10_000) editsSeen.delete(editsSeen.values().next().value!);
  await handleMessage(message, ctx, true);
}
