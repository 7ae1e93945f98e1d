/**
 * Which Telegram messages are questions for the bot, and what the question is. In a private chat every
 * message is; in a group only one that mentions the bot, replies to it, or is one of its commands, so
 * that the bot never answers chatter not meant for it (with privacy mode off it sees all of it).
 * Mentions and command names are removed: left in, they become search terms the corpus cannot have.
 */
import type { Message, MessageEntity } from 'grammy/types';
import { tidyRemoved } from '../../src/language/markup.js';

/** The bot itself, as getMe described it. */
export interface Me {
  id: number;
  username: string;
}

/** How a message reached the bot. */
export type Via = 'dm' | 'mention' | 'reply' | 'command';

/** A message read as a question, or not one at all. */
export type Addressed = { kind: 'question'; text: string; via: Via; command?: string } | { kind: 'ignore'; why: string };

/** The commands the bot answers, and the core question each stands for (`rest` is what follows it). */
const COMMANDS: Record<string, (rest: string) => string> = {
  start: () => 'help',
  help: () => 'help',
  topics: () => 'topics',
  sources: () => 'sources',
  clause: (rest) => (rest ? `clause ${rest}` : 'help'),
  ask: (rest) => rest,
};

/** The message's text or caption, with its entities. */
function textOf(message: Pick<Message, 'text' | 'caption' | 'entities' | 'caption_entities'>): { text: string; entities: MessageEntity[] } {
  if (message.text !== undefined) return { text: message.text, entities: message.entities ?? [] };
  return { text: message.caption ?? '', entities: message.caption_entities ?? [] };
}

/** Whether an entity names the bot: `@username` (any case) or a text mention of its user. */
function namesMe(text: string, e: MessageEntity, me: Me): boolean {
  if (e.type === 'text_mention') return e.user.id === me.id;
  return e.type === 'mention' && text.slice(e.offset + 1, e.offset + e.length).toLowerCase() === me.username.toLowerCase();
}

/** `text` without the given entities (offsets are UTF-16 units, as in JavaScript strings). */
function without(text: string, entities: readonly MessageEntity[]): string {
  let out = '';
  let at = 0;
  for (const e of [...entities].sort((a, b) => a.offset - b.offset)) {
    if (e.offset < at) continue;
    out += `${text.slice(at, e.offset)} `;
    at = e.offset + e.length;
  }
  return out + text.slice(at);
}

/**
 * Reads a message: the question it asks the bot and how it arrived, or why it is not for the bot.
 *
 * @example
 * addressed({ text: '@plan_bot що буде з Кримом?', entities: [{ type: 'mention', offset: 0, length: 9 }], chat: { type: 'group' } }, me)
 * // { kind: 'question', text: 'що буде з Кримом?', via: 'mention' }
 */
export function addressed(
  message: Pick<Message, 'text' | 'caption' | 'entities' | 'caption_entities' | 'reply_to_message' | 'via_bot'> & { chat: Pick<Message['chat'], 'type'>; from?: Pick<NonNullable<Message['from']>, 'is_bot'> | undefined },
  me: Me,
): Addressed {
  if (message.from?.is_bot) return { kind: 'ignore', why: 'from a bot' };
  // A message posted through this bot's inline mode is the bot's own answer, not a question.
  if (message.via_bot?.id === me.id) return { kind: 'ignore', why: 'posted via inline mode' };
  const { text, entities } = textOf(message);
  const privateChat = message.chat.type === 'private';
  const command = entities.find((e) => e.type === 'bot_command' && e.offset === 0);
  if (command) {
    const [name = '', target] = text.slice(1, command.length).toLowerCase().split('@');
    // `/help@otherbot` is for another bot in the group.
    if (target !== undefined && target !== me.username.toLowerCase()) return { kind: 'ignore', why: 'a command for another bot' };
    const rest = tidyRemoved(without(text.slice(command.length), entities.filter((e) => e !== command && namesMe(text, e, me)).map((e) => ({ ...e, offset: e.offset - command.length }))));
    const question = COMMANDS[name];
    if (question) return { kind: 'question', text: question(rest), via: 'command', command: name };
    if (!privateChat) return { kind: 'ignore', why: 'an unknown command' };
    return { kind: 'question', text: 'help', via: 'command', command: name };
  }
  const mentions = entities.filter((e) => namesMe(text, e, me));
  const question = tidyRemoved(without(text, mentions));
  if (privateChat) return { kind: 'question', text: question, via: 'dm' };
  if (mentions.length > 0) return { kind: 'question', text: question, via: 'mention' };
  if (message.reply_to_message?.from?.id === me.id) return { kind: 'question', text: question, via: 'reply' };
  return { kind: 'ignore', why: 'group chatter not addressed to the bot' };
}

/** The user's language for the bot's own words (command list, thanks): Telegram's `language_code`. */
export function langOfCode(code: string | undefined): 'en' | 'uk' | 'ru' {
  const base = (code ?? '').slice(0, 2).toLowerCase();
  return base === 'uk' || base === 'ru' ? base : 'en';
}
