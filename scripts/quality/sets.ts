/**
 * Labelled question sets for measuring and training the ranking: the summary's sets shipped in
 * test/fixtures/, plus any an operator names in a manifest (the plan's own text and other numbered
 * agreements are not ours to ship, so their sets live outside the repository).
 *
 * Manifest (JSON): { "sets": [ { "name": "plan-text-A", "document": "plan-text",
 *   "corpus": ["bundled", "/path/plan-text.txt"], "questions": "/path/plan-text-A.jsonl" } ] }
 * `document` groups sets for leave-one-document-out validation; `corpus` lists files or folders,
 * `bundled` meaning the bundled corpus/ folder. Paths are relative to the manifest.
 */
import { readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { DEFAULT_CORPUS_DIR, loadCorpus, parseDocument } from '../../src/corpus/load.js';
import { PlanBot } from '../../src/dialogue/bot.js';
import type { CorpusDocument } from '../../src/types.js';

/** One labelled question: gold phrases a correct citation contains; none when out of scope. */
export interface Labelled {
  q: string;
  gold: string[];
  style?: string;
}

/** A question set over one corpus. */
export interface QuestionSet {
  name: string;
  /** The document the set is about (the unit of leave-one-document-out). */
  document: string;
  bot: PlanBot;
  questions: Labelled[];
}

const readJsonl = (file: string): Labelled[] =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Labelled);

function loadDocs(paths: string[]): CorpusDocument[] {
  return paths.flatMap((p) => {
    if (p === 'bundled') return loadCorpus(DEFAULT_CORPUS_DIR);
    if (statSync(p).isDirectory()) return loadCorpus(p);
    return [parseDocument(readFileSync(p, 'utf8'), p)];
  });
}

/** The summary's sets shipped with the repository (the never-tuned held-out set C stays out). */
export const SHIPPED_SETS = ['dev', 'chat-dev', 'paraphrase', 'heldout', 'blind2', 'blind3', 'blind4', 'blind5', 'blind6', 'blind7', 'blind8'];

/** Loads the shipped sets and those a manifest names; one bot per distinct corpus. */
export function loadSets(manifest?: string, shipped: string[] = SHIPPED_SETS): QuestionSet[] {
  const bots = new Map<string, PlanBot>();
  const botFor = (paths: string[]): PlanBot => {
    const key = paths.join('\n');
    let bot = bots.get(key);
    if (!bot) bots.set(key, (bot = new PlanBot(loadDocs(paths))));
    return bot;
  };
  const fixtures = new URL('../../test/fixtures/', import.meta.url);
  const sets: QuestionSet[] = shipped.map((name) => ({ name, document: 'summary', bot: botFor(['bundled']), questions: readJsonl(new URL(`${name}-questions.jsonl`, fixtures).pathname) }));
  if (manifest) {
    const base = dirname(resolve(manifest));
    const spec = JSON.parse(readFileSync(manifest, 'utf8')) as { sets: { name: string; document: string; corpus: string[]; questions: string }[] };
    for (const s of spec.sets) {
      const corpus = s.corpus.map((p) => (p === 'bundled' ? p : resolve(base, p)));
      sets.push({ name: s.name, document: s.document, bot: botFor(corpus), questions: readJsonl(resolve(base, s.questions)) });
    }
  }
  return sets;
}
