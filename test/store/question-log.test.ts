/** The one log line and outcome record of a handled question. */
import { describe, expect, it } from 'vitest';
import { PlanBot } from '../../src/dialogue/bot.js';
import { createLogger } from '../../src/runtime/logger.js';
import { logQuestion } from '../../src/store/question-log.js';
import type { OutcomeRecord } from '../../src/store/types.js';

describe('logging a handled question', () => {
  it('logs and records a too-long question with its real length, not the 81 characters of its clipped echo', () => {
    const raw: string[] = [];
    const log = createLogger({ level: 'info', destination: { write: (line: string) => void raw.push(line) } });
    const records: OutcomeRecord[] = [];
    const store = { record: (r: OutcomeRecord) => void records.push(r), feedback: () => undefined, hashUser: (u: string) => u, storeQuestionText: false };
    const question = `What does the plan say about NATO? ${'really '.repeat(400)}`.trim();
    const answer = PlanBot.load().ask(question);
    expect(answer).toMatchObject({ kind: 'invalid', reason: 'too-long' });
    logQuestion(log, { surface: 'slack', answer, latencyMs: 1, logQuestions: false, store: { store, answerId: 'a' } });
    expect(JSON.parse(raw[0]!)).toMatchObject({ questionLength: question.length });
    expect(records[0]).toMatchObject({ questionLength: question.length });
  });
});
