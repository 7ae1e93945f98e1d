/** Which Telegram messages are questions for the bot, and the question each asks. */
import { describe, expect, it } from 'vitest';
import { addressed, langOfCode, type Me } from '../../../adapters/telegram/question.js';

const me: Me = { id: 99, username: 'plan_bot' };
const group = { type: 'supergroup' as const };
const priv = { type: 'private' as const };

describe('Telegram addressing', () => {
  it('takes every private message as a question', () => {
    expect(addressed({ text: 'what about NATO?', chat: priv }, me)).toEqual({ kind: 'question', text: 'what about NATO?', via: 'dm' });
  });

  it('ignores group chatter, and answers a group message that mentions the bot, without the mention', () => {
    expect(addressed({ text: 'what about NATO?', chat: group }, me).kind).toBe('ignore');
    expect(addressed({ text: '@Plan_Bot що буде з Кримом?', entities: [{ type: 'mention', offset: 0, length: 9 }], chat: group }, me)).toEqual({ kind: 'question', text: 'що буде з Кримом?', via: 'mention' });
  });

  it('ignores a mention of another user or bot', () => {
    expect(addressed({ text: '@someone what about NATO?', entities: [{ type: 'mention', offset: 0, length: 8 }], chat: group }, me).kind).toBe('ignore');
  });

  it('answers a reply to the bot in a group, but not a reply to someone else', () => {
    const reply = (fromId: number) => ({ message_id: 1, date: 0, chat: { id: -1, type: 'supergroup' as const, title: 'g' }, from: { id: fromId, is_bot: fromId === me.id, first_name: 'x' } });
    expect(addressed({ text: 'tell me more', chat: group, reply_to_message: reply(me.id) } as Parameters<typeof addressed>[0], me)).toMatchObject({ kind: 'question', via: 'reply' });
    expect(addressed({ text: 'tell me more', chat: group, reply_to_message: reply(5) } as Parameters<typeof addressed>[0], me).kind).toBe('ignore');
  });

  it('reads /ask, /clause, /topics and /start, addressed to this bot or to none, and ignores other bots\' commands', () => {
    const cmd = (text: string, length: number, chat: { type: 'supergroup' | 'private' } = group) => addressed({ text, entities: [{ type: 'bot_command', offset: 0, length }], chat }, me);
    expect(cmd('/ask what about NATO?', 4)).toMatchObject({ kind: 'question', text: 'what about NATO?', via: 'command', command: 'ask' });
    expect(cmd('/ask@plan_bot what about NATO?', 13)).toMatchObject({ text: 'what about NATO?' });
    expect(cmd('/clause 7.2', 7)).toMatchObject({ text: 'clause 7.2' });
    expect(cmd('/topics', 7)).toMatchObject({ text: 'topics' });
    expect(cmd('/start', 6, priv)).toMatchObject({ text: 'help' });
    expect(cmd('/ask@other_bot what about NATO?', 14).kind).toBe('ignore');
    expect(cmd('/weather', 8).kind).toBe('ignore');
  });

  it('never answers a bot, nor a message posted through its own inline mode', () => {
    expect(addressed({ text: 'hi', chat: priv, from: { is_bot: true } }, me).kind).toBe('ignore');
    expect(addressed({ text: '“…” — plan-article:7.2', chat: group, via_bot: { id: me.id, is_bot: true, first_name: 'p' } }, me).kind).toBe('ignore');
  });

  it('maps language_code to the bot\'s languages, English otherwise', () => {
    expect([langOfCode('uk'), langOfCode('ru-RU'), langOfCode('de'), langOfCode(undefined)]).toEqual(['uk', 'ru', 'en', 'en']);
  });
});
