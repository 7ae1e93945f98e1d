/**
 * Trains the ranking's parameters on labelled questions of several documents, by coordinate
 * ascent (each knob in turn tries a few multiples of its value and keeps the best; passes repeat
 * until none improves), and validates leave one document out: for each document, train on the
 * others and measure on it. A knob ships at its trained value only when most of those folds moved
 * it the same way, so that no knob one document's tuning alone supports ships.
 *
 * usage: npm run train -- [--sets MANIFEST.json] [--write] [--passes N] [--fold-passes N]
 * Without --write it only prints the figures. With it, src/data/ranking.json gets the shipped values.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { HAND_RANKING, type RankingOptions } from '../src/retrieval/options.js';
import { byDocument, line, rates, utility } from './quality/measure.js';
import { loadSets, type QuestionSet } from './quality/sets.js';

/** The summary's sets training uses (the rest, and the never-tuned set C, stay for measuring). */
const TRAINING_SUMMARY_SETS = ['chat-dev', 'paraphrase', 'blind6', 'blind7'];

type Knob = Exclude<keyof RankingOptions, 'maxCitations'>;

/** The knobs trained, with how a candidate value is made from the current one. */
const KNOBS: { knob: Knob; kind: 'weight' | 'share' | 'rank' | 'count' }[] = [
  { knob: 'weakWeight', kind: 'weight' },
  { knob: 'sameWeight', kind: 'share' },
  { knob: 'relatedWeight', kind: 'share' },
  { knob: 'phraseFactor', kind: 'share' },
  { knob: 'minAlternativeWeight', kind: 'share' },
  { knob: 'fuzzyWeight', kind: 'share' },
  { knob: 'minCoverage', kind: 'share' },
  { knob: 'minCoverageAllKnown', kind: 'share' },
  { knob: 'minCitationCoverage', kind: 'share' },
  { knob: 'minRelativeScore', kind: 'share' },
  { knob: 'answerTypeBoost', kind: 'weight' },
  { knob: 'commonWordRank', kind: 'rank' },
  { knob: 'commonWordFactor', kind: 'share' },
  { knob: 'minIdeas', kind: 'count' },
  { knob: 'minCoverageManyIdeas', kind: 'share' },
  { knob: 'ideaCredit', kind: 'share' },
  { knob: 'synonymWeight', kind: 'share' },
  { knob: 'rareWordRank', kind: 'rank' },
  { knob: 'everydayWordRank', kind: 'rank' },
  { knob: 'everydayFactor', kind: 'share' },
  { knob: 'summaryWeight', kind: 'share' },
  { knob: 'reversedWeight', kind: 'share' },
  { knob: 'translationWeight', kind: 'share' },
  { knob: 'idfPower', kind: 'weight' },
  { knob: 'paraphraseIdeas', kind: 'count' },
];

function candidates(kind: (typeof KNOBS)[number]['kind'], v: number): number[] {
  const round = (x: number): number => Math.round(x * 1000) / 1000;
  switch (kind) {
    case 'count':
      return [v - 1, v + 1].filter((x) => x >= 1);
    case 'rank':
      return [0.6, 1.6].map((m) => Math.round(v * m));
    case 'share':
      return [...new Set([0.75, 1.3].map((m) => round(Math.min(1, v * m))).concat(v === 0 ? [0.3] : []))].filter((x) => x !== v);
    case 'weight':
      return v === 0 ? [0.5] : [0.7, 1.4].map((m) => round(v * m));
  }
}

/** Coordinate ascent from `start` on `sets`; returns the best parameters found and their utility. */
export function train(sets: QuestionSet[], start: RankingOptions, passes: number, log = (_: string): void => {}): { params: RankingOptions; utility: number } {
  let best = { ...start };
  const startFigures = byDocument(sets, best);
  let bestU = utility(startFigures);
  // No document may pay for another's gain: a step that costs any document more than half a
  // point of top-1 or of declined near-misses, against where training started, is refused.
  const holds = (figures: ReturnType<typeof byDocument>): boolean =>
    [...figures].every(([doc, f]) => {
      const was = rates(startFigures.get(doc)!);
      const now = rates(f);
      return now.top1 >= was.top1 - 0.005 && now.abstain >= was.abstain - 0.005;
    });
  for (let pass = 0; pass < passes; pass++) {
    let improved = false;
    for (const { knob, kind } of KNOBS) {
      for (const v of candidates(kind, best[knob])) {
        const trial = { ...best, [knob]: v };
        const figures = byDocument(sets, trial);
        const u = utility(figures);
        // A clear gain only: a tie keeps the value, so noise does not move knobs.
        if (u > bestU + 1e-4 && holds(figures)) {
          log(`  ${knob}: ${best[knob]} -> ${v} (${bestU.toFixed(4)} -> ${u.toFixed(4)})`);
          best = trial;
          bestU = u;
          improved = true;
        }
      }
    }
    if (!improved) break;
  }
  return { params: best, utility: bestU };
}

if (process.argv[1]?.endsWith('train-ranking.ts')) {
  const { values } = parseArgs({ options: { sets: { type: 'string' }, write: { type: 'boolean' }, passes: { type: 'string' }, 'fold-passes': { type: 'string' } } });
  const passes = Number(values.passes ?? 2);
  const foldPasses = Number(values['fold-passes'] ?? 1);
  // The summary's chat, paraphrase and two blind sets: enough to hold it, few enough to train in minutes.
  const sets = loadSets(values.sets, TRAINING_SUMMARY_SETS);
  const documents = [...new Set(sets.map((s) => s.document))];
  console.log(`sets: ${sets.map((s) => `${s.name} (${s.document}, ${s.questions.length})`).join(', ')}`);
  const report = (label: string, figures: ReturnType<typeof byDocument>): void => {
    for (const [doc, f] of figures) console.log(`${label.padEnd(28)} ${doc.padEnd(14)} ${line(f)}`);
  };
  report('hand-set parameters', byDocument(sets, HAND_RANKING));
  // Leave one document out: train without it, measure on it.
  const folds: RankingOptions[] = [];
  if (documents.length > 1) {
    for (const held of documents) {
      const { params } = train(sets.filter((s) => s.document !== held), HAND_RANKING, foldPasses);
      folds.push(params);
      const heldSets = sets.filter((s) => s.document === held);
      report(`held out, hand-set`, byDocument(heldSets, HAND_RANKING));
      report(`held out, trained on others`, byDocument(heldSets, params));
    }
  }
  const all = train(sets, HAND_RANKING, passes, console.log);
  // Ship a knob's trained value only where most folds moved it the same way from the hand-set value.
  const shipped: RankingOptions = { ...HAND_RANKING };
  for (const { knob } of KNOBS) {
    const dir = Math.sign(all.params[knob] - HAND_RANKING[knob]);
    if (dir === 0) continue;
    const agree = folds.filter((f) => Math.sign(f[knob] - HAND_RANKING[knob]) === dir).length;
    if (folds.length === 0 || agree * 2 > folds.length) shipped[knob] = all.params[knob];
    else console.log(`  ${knob}: trained ${all.params[knob]} not shipped: ${agree} of ${folds.length} folds agree`);
  }
  report('shipped parameters', byDocument(sets, shipped));
  if (values.write) {
    const file = new URL('../src/data/ranking.json', import.meta.url);
    const before = JSON.parse(readFileSync(file, 'utf8')) as { version: number };
    const changed = Object.fromEntries(KNOBS.map(({ knob }) => [knob, shipped[knob]]));
    writeFileSync(
      file,
      `${JSON.stringify({ $comment: 'Ranking parameters trained by scripts/train-ranking.ts (coordinate ascent, leave-one-document-out); read by src/retrieval/options.ts. Remake with npm run train -- --sets MANIFEST --write.', version: before.version + 1, trainedOn: sets.map((s) => `${s.name}:${s.questions.length}`), params: changed }, null, 2)}\n`,
    );
    console.log(`wrote ${file.pathname}`);
  }
}
