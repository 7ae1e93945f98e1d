/**
 * Scores a ranking on labelled sets the way `../shared/eval`-style scorers do (top-1, top-3,
 * abstention on out-of-scope questions, in-scope questions wrongly declined), and folds the
 * figures into one utility for training: each document weighs the same, whatever its set sizes.
 */
import type { RankingOptions } from '../../src/retrieval/options.js';
import type { QuestionSet } from './sets.js';

const norm = (s: string): string => s.normalize('NFKC').replace(/[’‘]/g, "'").replace(/[“”]/g, '"').replace(/[–—]/g, '-').replace(/\s+/g, ' ').toLowerCase();

/** Figures of one set. */
export interface Figures {
  inScope: number;
  top1: number;
  top3: number;
  falseAbstain: number;
  outOfScope: number;
  abstained: number;
}

/** Answers every question of a set under `ranking` and counts. */
export function measure(set: QuestionSet, ranking: Partial<RankingOptions>): Figures {
  const bot = set.bot.withOptions({ ranking });
  const f: Figures = { inScope: 0, top1: 0, top3: 0, falseAbstain: 0, outOfScope: 0, abstained: 0 };
  for (const q of set.questions) {
    const a = bot.ask(q.q);
    const quotes = a.kind === 'answered' ? a.citations.map((c) => norm(c.quote)) : [];
    if (q.gold.length === 0) {
      f.outOfScope++;
      if (a.kind !== 'answered') f.abstained++;
      continue;
    }
    f.inScope++;
    if (a.kind !== 'answered') f.falseAbstain++;
    const gold = q.gold.map(norm);
    const hit = (k: number): boolean => quotes.slice(0, k).some((t) => gold.some((g) => t.includes(g)));
    if (hit(1)) f.top1++;
    if (hit(3)) f.top3++;
  }
  return f;
}

/** Per set: the share of in-scope questions right first, right in three, and of out-of-scope declined. */
export function rates(f: Figures): { top1: number; top3: number; abstain: number } {
  return { top1: f.inScope ? f.top1 / f.inScope : 0, top3: f.inScope ? f.top3 / f.inScope : 0, abstain: f.outOfScope ? f.abstained / f.outOfScope : 1 };
}

/**
 * One number to maximise: per document, top-1 counts most, top-3 a little, and declining the
 * out-of-scope questions as much as a top-1 answer (a quoted near-miss misleads as much as a wrong
 * clause); documents are averaged so that the summary's many sets do not outvote the plan's text.
 */
export function utility(byDocument: Map<string, Figures>): number {
  let sum = 0;
  for (const f of byDocument.values()) {
    const r = rates(f);
    const oosShare = f.outOfScope / Math.max(1, f.inScope + f.outOfScope);
    sum += (1 - oosShare) * (r.top1 + 0.25 * r.top3) / 1.25 + oosShare * r.abstain;
  }
  return sum / Math.max(1, byDocument.size);
}

/** Sums the figures of the sets about each document. */
export function byDocument(sets: QuestionSet[], ranking: Partial<RankingOptions>): Map<string, Figures> {
  const out = new Map<string, Figures>();
  for (const s of sets) {
    const f = measure(s, ranking);
    const acc = out.get(s.document);
    if (!acc) out.set(s.document, f);
    else for (const k of Object.keys(f) as (keyof Figures)[]) acc[k] += f[k];
  }
  return out;
}

/** A figure line as the eval prints it. */
export function line(f: Figures): string {
  const pct = (a: number, b: number): string => (b ? ((100 * a) / b).toFixed(1) : '-');
  return `in-scope ${f.inScope}: top1 ${pct(f.top1, f.inScope)}% top3 ${pct(f.top3, f.inScope)}% false-abstain ${f.falseAbstain}; out-of-scope ${f.outOfScope}: abstained ${pct(f.abstained, f.outOfScope)}%`;
}
