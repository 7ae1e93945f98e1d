import { describe, expect, it } from 'vitest';
import chatData from '../../src/data/chat.json' with { type: 'json' };
import { expandShorthand, stripMarkup, toQuestion } from '../../src/language/message.js';

describe('message → question', () => {
  it.each([
    ['hey bot, what does it say about NATO? thanks!', 'what does it say about NATO?'],
    ['what does it say about NATO lol', 'what does it say about NATO'],
    ['tell me about NATO pls', 'tell me about NATO'],
    ['hey, quick one: what does it say about NATO? thx', 'what does it say about NATO?'],
    ['ok so how big can ukraines army be under this lol', 'how big can ukraines army be under this'],
    ['does crimea end up russian?? asking for our newsletter', 'does crimea end up russian??'],
    ['tbh what did the kremlin say about it', 'what did the kremlin say about it'],
    ['context: writing an explainer. what does it say about elections?', 'what does it say about elections?'],
    ['Привіт! Що там про санкції? Дякую', 'Що там про санкції?'],
    ['Привет, подскажите пожалуйста, что с выборами?', 'что с выборами?'],
  ])('strips greetings, thanks, hedges and filler: %s', (message, question) => {
    expect(toQuestion(message)).toMatchObject({ text: question });
    expect(toQuestion(message).smalltalk).toBeUndefined();
  });

  it('passes commands through, so that "hey bot, show me point 14 pls" reaches the command parser as "show me point 14"', () => {
    expect(toQuestion('hey bot, show me point 14 pls').text).toBe('show me point 14');
    expect(toQuestion('clause plan-article:7.2').text).toBe('clause plan-article:7.2');
  });

  it('keeps words that only look like filler inside a question', () => {
    expect(toQuestion('all parties get amnesty?').text).toBe('all parties get amnesty?');
    expect(toQuestion('is there a deadline for a ceasefire').text).toBe('is there a deadline for a ceasefire');
  });

  it.each([
    ['<@U123ABC> what about sanctions', 'what about sanctions'],
    ['<@123456789> what about sanctions', 'what about sanctions'],
    ['<@!123456789> <@&42> what about sanctions', 'what about sanctions'],
    ['what about <#C1|general> sanctions <!here> <!subteam^S1|@team>', 'what about sanctions'],
    ['what about sanctions <:ua:123456> <a:wave:99> <t:1732000000:R>', 'what about sanctions'],
    ['what about sanctions <https://apnews.com/x|the article> https://example.org/a?b=1 www.x.com', 'what about sanctions'],
    ['cc @Dana: what about sanctions', 'what about sanctions'],
    ['what about sanctions :flag-ua: 🇺🇦 👍🏽 👨‍👩‍👧 :)', 'what about sanctions'],
  ])('removes markup, never turning it into words: %s', (message, question) => {
    expect(toQuestion(message).text).toBe(question);
  });

  it('removes markup only, leaving the words', () => {
    expect(stripMarkup('<@U1> Kyiv <#C2|x> and <https://a.b|label>')).toBe('Kyiv and');
  });

  it('reads chat shorthand as the words it stands for, never inside ids or numbers', () => {
    expect(expandShorthand('when r the elections')).toBe('when are the elections');
    expect(expandShorthand('is ukr allowed in')).toBe('is Ukraine allowed in');
    expect(expandShorthand('clause 7.2 u')).toBe('clause 7.2 you');
  });

  it('normalises amounts the way documents write them', () => {
    expect(toQuestion('is the army capped at 600k?').text).toBe('is the army capped at 600000?');
    expect(toQuestion('600 000 troops?').text).toBe('600000 troops?');
    expect(toQuestion('what about the $100bn').text).toBe('what about the $100 billion');
    expect(toQuestion('does the US get half the profits').text).toBe('does the US get 50% the profits');
  });

  it.each([
    ['hi', 'greeting'],
    ['hello!', 'greeting'],
    ['thanks', 'thanks'],
    ['thanks, that helps', 'thanks'],
    ['nice one, cheers bot', 'thanks'],
    ['good bot', 'praise'],
    ['bye!', 'farewell'],
    ['so what are you for?', 'identity'],
    ['who are you', 'identity'],
    ['what can you do?', 'capability'],
    ['you there?', 'presence'],
    ['how are you', 'wellbeing'],
    ['lol', 'filler'],
    ['<@U123> 👋 hey', 'greeting'],
    ['Привіт', 'greeting'],
    ['спасибо!', 'thanks'],
    ['хто ти?', 'identity'],
  ])('recognises small talk: %s → %s', (message, kind) => {
    expect(toQuestion(message).smalltalk).toBe(kind);
  });

  it('answers in the language the message is written in', () => {
    expect(toQuestion('дякую').lang).toBe('uk');
    expect(toQuestion('спасибо').lang).toBe('ru');
    expect(toQuestion('thanks').lang).toBe('en');
  });

  it('has word lists that cannot silently empty', () => {
    for (const lang of ['en', 'uk', 'ru'] as const) {
      for (const [name, list] of Object.entries(chatData[lang])) {
        expect(list.length, `${lang}.${name}`).toBeGreaterThan(0);
        for (const phrase of list) expect(phrase.trim(), `${lang}.${name}`).not.toBe('');
      }
      expect(Object.keys(chatData[lang]).sort()).toEqual(Object.keys(chatData.en).sort());
    }
    expect(Object.keys(chatData.shorthand).length).toBeGreaterThan(10);
  });
});
