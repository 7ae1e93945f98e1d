import { describe, expect, it } from 'vitest';
import { PlanBot } from '../../src/dialogue/bot.js';
import { declinedSubject, feedbackValue, parseFeedbackValue, recordOutcome, wantsFeedback } from '../../src/store/record.js';
import type { OutcomeRecord, OutcomeStore } from '../../src/store/types.js';

/** A store that keeps what it is given. */
function keeping(): OutcomeStore & { records: OutcomeRecord[] } {
  const records: OutcomeRecord[] = [];
  return { records, record: (r) => void records.push(r), feedback: () => undefined, hashUser: (u) => u, storeQuestionText: false };
}

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

  it('counts a subject once per question: "Will Russia rejoin the G8? What would the G8 do?" names G8 once', () => {
    const answer = PlanBot.load().ask('Will Russia rejoin the G8? What would the G8 do?');
    expect(declinedSubject(answer)).toEqual(['G8']);
  });

  it('never takes markup for a subject: "<b>" around words is not the subject "b"', () => {
    const answer = PlanBot.load().ask('what about <b>the moon</b>?');
    expect(declinedSubject(answer)).not.toContain('b');
    expect(declinedSubject({ kind: 'not-covered', question: 'is <b>mars</b> <i>in</i>?', lead: '', subject: ['b', 'mars', 'i', 'in'] })).toEqual(['mars', 'in']);
  });

  it('records a bad clause id ("clause 99.9") as its own outcome, not as a declined subject "99.9"', () => {
    const bot = PlanBot.load();
    for (const q of ['clause 99.9', 'point 99']) {
      const store = keeping();
      recordOutcome(store, { surface: 'slack', via: 'command', answer: bot.ask(q), answerId: 'a', latencyMs: 1 });
      expect(store.records[0], q).toMatchObject({ kind: 'unknown-clause', subject: [] });
    }
    const store = keeping();
    recordOutcome(store, { surface: 'slack', via: 'mention', answer: bot.ask('Does Russia rejoin the G8?'), answerId: 'b', latencyMs: 1 });
    expect(store.records[0]).toMatchObject({ kind: 'not-covered', subject: ['G8'] });
  });
});
