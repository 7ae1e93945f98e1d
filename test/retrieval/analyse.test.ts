import { describe, expect, it } from 'vitest';
import { ANSWER_TYPES, hasAnswerType } from '../../src/retrieval/analyse.js';
import { PlanBot } from '../../src/dialogue/bot.js';
import type { Answer } from '../../src/types.js';

const bot = PlanBot.load();
const ids = (a: Answer): string[] => (a.kind === 'answered' ? a.citations.map((c) => c.id) : []);
const asks = (q: string): string[] => ANSWER_TYPES.filter(([, re]) => re.test(q)).map(([type]) => type);

describe('answer types', () => {
  it('reads a question about how someone received the plan as asking for speech', () => {
    expect(asks('How did the Kremlin respond?')).toContain('speech');
    expect(asks('What was the reaction in Kyiv?')).toContain('speech');
    expect(asks('Who is quoted in the summary?')).toContain('speech');
    expect(asks('What does the plan say about NATO?')).not.toContain('speech');
  });

  it('finds speech in a passage that reports what someone said or how they received it', () => {
    expect(hasAnswerType('Kremlin spokesman Dmitry Peskov said Moscow and Washington are in contact', 'speech')).toBe(true);
    expect(hasAnswerType('Axios reported that Kyiv objected to many provisions', 'speech')).toBe(true);
    expect(hasAnswerType('The plan limits Ukraine’s military to 600,000 personnel', 'speech')).toBe(false);
  });

  it('answers "how did X respond" with X’s reaction before a clause that merely names X', () => {
    expect(ids(bot.ask('How did Kyiv respond?'))[0]).toBe('plan-article:2.2');
  });
});
