import { describe, expect, it } from 'vitest';
import { check, fuzz, LIVE_DISCORD, LIVE_SLACK } from './properties.js';
import type { Answer } from '../../src/types.js';
import { PlanBot } from '../../src/dialogue/bot.js';

describe('fuzzing the core and both renderers', () => {
  it('never throws, answers deterministically, and renders within limits with no live mention (3,000 cases)', () => {
    const failures: string[] = [];
    const result = fuzz(3000, 20251120, (q, problems) => failures.push(`${JSON.stringify(q.slice(0, 100))}: ${problems.join('; ')}`));
    expect(result.cases).toBe(3000);
    expect(failures.slice(0, 5)).toEqual([]);
  });

  it('has detectors that can fail: live mentions, nondeterminism and altered quotes are caught', () => {
    expect(LIVE_SLACK.test('hi <!channel>')).toBe(true);
    expect(LIVE_SLACK.test('hi <@U123>')).toBe(true);
    expect(LIVE_SLACK.test('hi @here')).toBe(true);
    expect(LIVE_SLACK.test('hi &lt;!channel&gt; @\u2060here')).toBe(false);
    expect(LIVE_DISCORD.test('<@123> and @everyone')).toBe(true);
    expect(LIVE_DISCORD.test('<@\u200B123> and @\u200Beveryone')).toBe(false);

    const bot = PlanBot.load();
    expect(check(bot, bot, 'What about NATO?')).toEqual([]);
    let calls = 0;
    const flaky = Object.assign(Object.create(bot) as PlanBot, { ask: (q: string) => ({ ...bot.ask(q), lead: String(calls++) }) });
    expect(check(flaky, bot, 'What about NATO?')).toContain('not deterministic on the same bot');
    const forger = Object.assign(Object.create(bot) as PlanBot, {
      ask: (q: string): Answer => {
        const a = bot.ask(q);
        return a.kind === 'answered' ? { ...a, citations: a.citations.map((c) => ({ ...c, quote: `${c.quote} (paraphrased)` })) } : a;
      },
    });
    expect(check(forger, forger, 'What about NATO?').join(' ')).toMatch(/is not its passage/);
  });
});
