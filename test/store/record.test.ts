import { describe, expect, it } from 'vitest';
import { PlanBot } from '../../src/dialogue/bot.js';
import { declinedSubject, feedbackValue, parseFeedbackValue, wantsFeedback } from '../../src/store/record.js';

describe('recording an outcome', () => {
  it('takes a refusal\'s subject from the core, "G8" for "Does Russia rejoin the G8?"', () => {
    const answer = PlanBot.load().ask('Does Russia rejoin the G8?');
    expect(answer.kind).toBe('not-covered');
    expect(declinedSubject(answer)).toContain('G8');
  });

  it('prefers the answer\'s own subject field, and reads quoted words in any quote marks otherwise', () => {
    expect(declinedSubject({ kind: 'not-covered', question: 'q', lead: 'does not mention “x”', subject: ['Board of Peace'] })).toEqual(['Board of Peace']);
    expect(declinedSubject({ kind: 'not-covered', question: 'q', lead: 'does not mention "a", “b” and «c»' })).toEqual(['a', 'b', 'c']);
    expect(declinedSubject({ kind: 'answered', question: 'q', lead: '“NATO”', subject: ['NATO'] })).toEqual([]);
  });

  it('offers feedback on quotes and refusals only', () => {
    expect(['answered', 'not-covered', 'help', 'topics', 'invalid', 'smalltalk'].filter((kind) => wantsFeedback({ kind } as { kind: 'help' }))).toEqual(['answered', 'not-covered']);
  });

  it('reads back what a button carries and ignores anything else', () => {
    expect(parseFeedbackValue(feedbackValue('down', 'abc_DEF-123'))).toEqual({ vote: 'down', answerId: 'abc_DEF-123' });
    for (const bad of ['fb:sideways:x', 'fb:up:', 'fb:up:a b', 'share_answer', `fb:up:${'x'.repeat(65)}`]) expect(parseFeedbackValue(bad), bad).toBeUndefined();
  });
});
