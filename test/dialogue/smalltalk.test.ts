import { describe, expect, it } from 'vitest';
import { PlanBot } from '../../src/dialogue/bot.js';
import { answerJson } from '../../src/cli/main.js';

const bot = PlanBot.load();

describe('small talk', () => {
  it.each(['hi', 'thanks', 'hello!', 'thanks, that helps', 'so what are you for?', 'nice one, cheers bot', 'you there?', 'good bot', 'what can you do?'])(
    'gives %s a short friendly reply with example questions, never a quote',
    (message) => {
      const a = bot.ask(message);
      expect(a.kind).toBe('smalltalk');
      if (a.kind !== 'smalltalk') return;
      expect(a.examples.length).toBeGreaterThan(0);
      expect(a.text).toContain(a.examples[0]!);
      expect(a.text).not.toMatch(/does not mention|corpus/);
    },
  );

  it('says what the bot has in words a user knows', () => {
    const a = bot.ask('who are you?');
    expect(a.lead).toContain('the AP summary of the draft (Nov 20)');
  });

  it('declines everyday chat politely', () => {
    for (const q of ['any idea who wins the derby on sunday', "what's the weather like tomorrow?"]) {
      const a = bot.ask(q);
      expect(a.kind, q).toBe('smalltalk');
      expect(a.lead, q).toMatch(/only answer questions about the draft peace plan/);
    }
  });

  it('replies in Ukrainian and Russian', () => {
    expect(bot.ask('Привіт!').lead).toMatch(/^Привіт!/);
    expect(bot.ask('спасибо!').lead).toMatch(/^Пожалуйста!/);
  });

  it('prints answered: false and no citations in the CLI JSON', () => {
    const json = answerJson(bot.ask('thanks!'));
    expect(json).toMatchObject({ answered: false, kind: 'smalltalk', citations: [] });
  });

  it('still answers a question wrapped in small talk', () => {
    const a = bot.ask('hey bot, what does it say about NATO? thanks!');
    expect(a.kind === 'answered' && a.citations.map((c) => c.id)).toContain('plan-article:5.1');
  });
});
