/**
 * How `npm run curate` (and teaching from chat) shows an entry and a change: one line per entry, and
 * what the bot answered before and answers now, for the entry's phrase and the stored questions that hold it.
 */
import { phrasePattern, type CurationEntry } from '../corpus/curation.js';
import type { PlanBot } from './bot.js';
import type { Answer } from '../types.js';

/** Stored questions shown at most, so a busy store does not flood the terminal. */
const MAX_STORED = 10;

/** One entry as `list` shows it: `alias "Geneva cap" → "600,000 personnel" (by ops, 2026-12-05T08:00:00.000Z; note)`. */
export function describeEntry(e: CurationEntry): string {
  const what = e.kind === 'alias' ? `alias "${e.phrase}" → "${e.means}"` : `pin "${e.phrase}" → ${e.ids.join(' ')}`;
  return `${what} (by ${e.by}, ${e.at}${e.note ? `; ${e.note}` : ''})`;
}

/** An answer in one line: what it quotes, or that it declines, with its lead. */
export function summary(answer: Answer): string {
  const lead = answer.lead.replace(/\s+/g, ' ').trim();
  if (answer.kind === 'answered') return `quotes ${answer.citations.map((c) => c.id).join(', ')}: ${lead}`;
  if (answer.kind === 'not-covered') return `declines: ${lead}`;
  return `${answer.kind}: ${lead}`;
}

/**
 * Before-and-now lines for the phrase asked on its own, then for each stored question holding it
 * (as long as the store kept question text).
 */
export function changeLines(before: PlanBot, after: PlanBot, phrase: string, stored: readonly string[]): string[] {
  const pattern = phrasePattern(phrase);
  const affected = stored.filter((q) => q !== phrase && (pattern.lastIndex = 0, pattern.test(q))).slice(0, MAX_STORED);
  const lines: string[] = [];
  for (const q of [phrase, ...affected]) {
    lines.push(`"${q}"`, `  before: ${summary(before.ask(q))}`, `  now:    ${summary(after.ask(q))}`);
  }
  if (stored.length > 0 && affected.length === 0) lines.push(`(no stored question says "${phrase}")`);
  return lines;
}
