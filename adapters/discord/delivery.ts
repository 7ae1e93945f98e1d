/**
 * Where an answer to a message goes, by what the bot may do there: a thread for an answer with quotes,
 * else the channel, else a DM to the asker saying why. Falls back on Discord's refusals, never throws them.
 */
import { ChannelType, DiscordAPIError, PermissionFlagsBits, RESTJSONErrorCodes, type Message } from 'discord.js';
import { detectLanguage } from '../../src/language/lang.js';
import { say } from '../../src/wording/strings.js';
import { reasonOf, type Delivery, type HandlerContext, type Turn } from './context.js';
import { withFeedback } from './feedback.js';
import { LIMITS } from './limits.js';
import { clip, escapeText } from './markdown.js';
import { threadName, toPayload, type RenderedMessage } from './render.js';

/** Whether Discord refused a call for lack of a permission or of access to the channel. */
function isForbidden(err: unknown): boolean {
  return err instanceof DiscordAPIError && (err.code === RESTJSONErrorCodes.MissingPermissions || err.code === RESTJSONErrorCodes.MissingAccess || err.status === 403);
}

/** What the bot may do where a message was posted, from `permissionsFor(me)`; everything in a DM. */
export interface Allowed {
  send: boolean;
  thread: boolean;
  embed: boolean;
}

export function allowedFor(message: Message): Allowed {
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

/** Appends the "how to ask more" line (Discord's small subtext) when it fits. */
export function withHint(rendered: RenderedMessage, hint: string | undefined): RenderedMessage {
  if (hint === undefined) return rendered;
  const line = `-# ${escapeText(hint)}`;
  const content = rendered.content ? `${rendered.content}\n${line}` : line;
  return content.length <= LIMITS.content ? { ...rendered, content } : rendered;
}

/** The sent message, and the conversation it is in. */
export interface Sent {
  channelId: string;
  messageId: string;
  /** The thread the answer opened or joined, or the DM: where follow-ups continue. */
  conversation?: string | undefined;
  delivery: Delivery;
}

/**
 * Delivers an answer to a message, falling back rather than failing: a thread when the answer has
 * quotes and the bot may open one; else the channel; else, when the channel refuses (no Send
 * Messages), a DM to the asker that says why. `hint` (how to ask more) is added only where the
 * answer lands in a conversation (a thread or a DM), the one place a follow-up will work. Never throws.
 */
export async function deliver(message: Message, turn: Turn, rendered: RenderedMessage, question: string, allowed: Allowed, ctx: HandlerContext, hint?: string): Promise<Sent | undefined> {
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
          const sent = await thread.send(payload(withHint(rendered, hint)));
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
      const sent = await message.channel.send(payload(inConversation ? withHint(rendered, hint) : rendered));
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
