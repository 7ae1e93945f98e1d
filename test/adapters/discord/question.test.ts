/** Discord text → question: markup removed, never turned into words. */
import { describe, expect, it } from 'vitest';
import { questionFromDiscord } from '../../../adapters/discord/question.js';

const id = '123456789012345678';

describe('questionFromDiscord', () => {
  it('removes users, nicknames, roles, channels, emoji, timestamps and slash-command mentions (FormattingPatterns)', () => {
    expect(questionFromDiscord(`<@${id}> <@!${id}> <@&${id}> <#${id}> what about NATO? <:pepe:${id}> <a:dance:${id}> <t:1764000000:R> <t:1764000000> </ask:${id}>`)).toBe(
      'what about NATO?',
    );
  });

  it('removes @everyone, @here, spoiler markers, links and short ids', () => {
    expect(questionFromDiscord('@everyone ||what about NATO?|| <@123> <@&456> @here')).toBe('what about NATO?');
    expect(questionFromDiscord('[AP](https://apnews.com/x) what about NATO? https://x.y <https://z.w>')).toBe('what about NATO?');
  });

  it('drops a "cc" that only introduced removed mentions, and the punctuation they leave', () => {
    expect(questionFromDiscord(`<@${id}>, what about NATO? cc <@${id}>, <@${id}>`)).toBe('what about NATO?');
  });

  it('keeps citation ids and ordinary text', () => {
    expect(questionFromDiscord('clause plan-article:7.2 at 10:30')).toBe('clause plan-article:7.2 at 10:30');
  });
});
