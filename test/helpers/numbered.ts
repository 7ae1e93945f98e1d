import { fileURLToPath } from 'node:url';
import { PlanBot } from '../../src/dialogue/bot.js';
import { loadCorpus } from '../../src/corpus/load.js';

/** The numbered fixtures: a 28-point draft and a later revision that supersedes it. */
export const NUMBERED_DIR = fileURLToPath(new URL('../fixtures/numbered/', import.meta.url));

/** A bot over the bundled article plus the numbered fixtures. */
export function numberedBot(withRevision = true): PlanBot {
  const numbered = loadCorpus(NUMBERED_DIR).filter((d) => withRevision || d.id === 'plan-points');
  return new PlanBot([...loadCorpus(fileURLToPath(new URL('../../corpus/', import.meta.url))), ...numbered]);
}
