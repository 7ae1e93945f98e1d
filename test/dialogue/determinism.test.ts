import { describe, expect, it } from 'vitest';
import { PlanBot } from '../../src/dialogue/bot.js';
import { readQuestions } from '../helpers/score.js';

/** A seeded shuffle, so that the test itself is repeatable. */
function shuffled<T>(items: T[], seed: number): T[] {
  const out = [...items];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

describe('determinism', () => {
  it('gives byte-identical answers for every dev question, in shuffled order, on a fresh index', () => {
    const questions = readQuestions('dev-questions.jsonl').map((q) => q.q);
    const first = PlanBot.load();
    const before = new Map(questions.map((q) => [q, JSON.stringify(first.ask(q))]));
    const fresh = PlanBot.load();
    for (const q of shuffled(questions, 42)) expect(JSON.stringify(fresh.ask(q))).toBe(before.get(q));
    // And the first bot, asked again after other questions, still agrees.
    for (const q of shuffled(questions, 7)) expect(JSON.stringify(first.ask(q))).toBe(before.get(q));
  });
});
