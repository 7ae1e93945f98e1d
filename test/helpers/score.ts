import { readFileSync } from 'node:fs';
import type { Answer } from '../../src/types.js';

/** A question with the phrases a correct citation contains (none: the question is out of scope). */
export interface LabelledQuestion {
  q: string;
  gold: string[];
}

export function readQuestions(file: string): LabelledQuestion[] {
  return readFileSync(new URL(`../fixtures/${file}`, import.meta.url), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as LabelledQuestion);
}

const norm = (s: string): string =>
  s.normalize('NFKC').replace(/[’‘]/g, "'").replace(/[“”]/g, '"').replace(/[–—]/g, '-').replace(/\s+/g, ' ').toLowerCase();

/** Scores answers the way the team's eval does: top-1, top-3, abstention and false abstentions. */
export function score(questions: LabelledQuestion[], answers: Answer[]) {
  let inScope = 0, top1 = 0, top3 = 0, oos = 0, abstained = 0, falseAbstain = 0;
  const misses: string[] = [];
  questions.forEach((q, i) => {
    const a = answers[i]!;
    const quotes = a.kind === 'answered' ? a.citations.map((c) => norm(c.quote)) : [];
    if (q.gold.length === 0) {
      oos++;
      if (a.kind !== 'answered') abstained++;
      else misses.push(`answered out-of-scope: ${q.q}`);
      return;
    }
    inScope++;
    if (a.kind !== 'answered') falseAbstain++;
    const hit = (k: number): boolean => quotes.slice(0, k).some((t) => q.gold.some((g) => t.includes(norm(g))));
    if (hit(1)) top1++;
    else misses.push(`top-1 miss: ${q.q}`);
    if (hit(3)) top3++;
  });
  return { top1: top1 / inScope, top3: top3 / inScope, abstain: oos ? abstained / oos : 1, falseAbstain, misses };
}
