/**
 * Curation suggestions: for each subject people asked about and the bot declined, and each answer
 * they rated down, document words and passages that might be what they meant, each with the exact
 * `npm run curate` command that would teach it. Three plain sources, none of which the ranking uses
 * this way: WordNet synonyms, word vectors (the ranking keeps them off; a person reviews these) and
 * a search of the passages for the subject's words. Deterministic: same report and corpus, same list.
 */
import { tokenize } from '../language/normalise.js';
import { nearest } from '../language/similar.js';
import { synonymsOf } from '../language/synonyms.js';
import type { PassageIndex } from '../retrieval/search-index.js';
import type { ReportData } from '../store/query.js';

/** One suggestion: document words for an alias, or a passage to pin, and the command that does it. */
export type Suggestion = ({ words: string; passage?: never } | { passage: string; words?: never }) & {
  command: string;
  /** Where it came from (shown in text and HTML; left out of `--json`, whose shape is fixed). */
  from: 'synonym' | 'vectors' | 'search';
};

/** The suggestions for one declined subject or rated-down question. */
export interface SubjectSuggestions {
  subject: string;
  /** How often it was declined, or how many 👎 the answer got. */
  count: number;
  suggestions: Suggestion[];
}

/** Quotes an argument for a POSIX shell (double quotes, as the docs write commands). */
export function shellQuote(arg: string): string {
  return /^[\p{L}\p{N}_.:,/-]+$/u.test(arg) ? arg : `"${arg.replace(/(["\\$`])/g, '\\$1')}"`;
}

/** The command line that applies a suggestion. */
export function curateCommand(args: string[]): string {
  return `npm run curate -- ${args.map(shellQuote).join(' ')}`;
}

const surfaceWords = new WeakMap<PassageIndex, Map<string, string>>();
/** The first word in reading order that each corpus stem comes from, lower-cased: what an alias can say. */
function wordsByStem(index: PassageIndex): Map<string, string> {
  let map = surfaceWords.get(index);
  if (!map) {
    map = new Map();
    for (const p of index.passages) for (const t of index.tokensOf(p.order)) if (!t.stop && !map.has(t.term) && /^\p{L}+$/u.test(t.word)) map.set(t.term, t.word);
    surfaceWords.set(index, map);
  }
  return map;
}

/** At most this many of each kind per subject: enough to choose from, few enough to read. */
const PER_SOURCE = 3;
const PASSAGES = 2;
const ALIASES = 6;
/** Vector neighbours below this cosine are noise more often than not. */
const VECTOR_FLOOR = 0.45;

/**
 * Suggestions for one phrase. Aliases come from the phrase's words the documents lack (a word they
 * have is not what is missing, and aliasing it would change every question that uses it), for the
 * whole phrase when it is short (a subject such as "Board of Peace"), word by word when it is a whole
 * question. Pins always take the whole phrase.
 */
export function suggestFor(index: PassageIndex, subject: string, count: number): SubjectSuggestions {
  const byStem = wordsByStem(index);
  const tokens = tokenize(subject);
  const content = tokens.filter((t) => !t.stop && !t.weak);
  const whole = tokens.length <= 3;
  const suggestions: Suggestion[] = [];
  const seen = new Set<string>();
  const alias = (phrase: string, words: string, from: Suggestion['from']): void => {
    if (seen.has(`${phrase}\u0000${words}`) || phrase.toLowerCase() === words || seen.size >= ALIASES) return;
    seen.add(`${phrase}\u0000${words}`);
    suggestions.push({ words, command: curateCommand(['alias', phrase, words]), from });
  };
  for (const t of content.filter((c) => !index.df.has(c.term))) {
    const phrase = whole ? subject : subject.slice(t.start, t.end);
    for (const s of synonymsOf(t.term).filter((s) => byStem.has(s)).slice(0, PER_SOURCE)) alias(phrase, byStem.get(s)!, 'synonym');
    for (const n of nearest(t.word, byStem.values(), VECTOR_FLOOR, PER_SOURCE)) alias(phrase, n.word, 'vectors');
  }
  const query = content.map((t) => t.term).filter((term) => index.df.has(term));
  if (query.length > 0) {
    const hits = index.search.search(query.join(' '), { combineWith: 'OR' });
    // MiniSearch's order, then reading order for equal scores, so the list never depends on insertion.
    const ranked = [...hits].sort((a, b) => b.score - a.score || (a.id as number) - (b.id as number)).slice(0, PASSAGES);
    for (const hit of ranked) {
      const id = index.passages[hit.id as number]!.id;
      suggestions.push({ passage: id, command: curateCommand(['pin', subject, id]), from: 'search' });
    }
  }
  return { subject, count, suggestions };
}

/**
 * Suggestions for a report: declined subjects first (most frequent first), then rated-down answers
 * by their question when the store kept it, else by the subject they declined. Subjects with no
 * suggestion are kept (with an empty list), so the report shows what it could not help with.
 */
export function suggestCuration(index: PassageIndex, data: Pick<ReportData, 'declinedSubjects' | 'ratedDown'>, limit = 20): SubjectSuggestions[] {
  const counts = new Map<string, number>();
  for (const d of data.declinedSubjects) counts.set(d.subject, (counts.get(d.subject) ?? 0) + d.count);
  for (const r of data.ratedDown) {
    const subject = r.question ?? r.subject.join(' ');
    if (subject.trim() !== '') counts.set(subject, (counts.get(subject) ?? 0) + r.down);
  }
  return [...counts]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .slice(0, limit)
    .map(([subject, count]) => suggestFor(index, subject, count));
}

/** The `--json` shape: `[{ subject, count, suggestions: [{ words | passage, command }] }]`. */
export function suggestionsJson(list: SubjectSuggestions[]): { subject: string; count: number; suggestions: ({ words: string } | { passage: string } & { command: string })[] }[] {
  return list.map(({ subject, count, suggestions }) => ({
    subject,
    count,
    suggestions: suggestions.map((s) => (s.words !== undefined ? { words: s.words, command: s.command } : { passage: s.passage!, command: s.command })),
  }));
}

/** Suggestions as terminal lines. */
export function suggestionsText(list: SubjectSuggestions[]): string[] {
  if (list.length === 0) return ['  (nothing declined or rated down)'];
  return list.flatMap(({ subject, count, suggestions }) => [
    `  "${subject}" ×${count}`,
    ...(suggestions.length === 0 ? ['      (no candidate words or passages)'] : suggestions.map((s) => `      ${s.from.padEnd(7)} ${s.words ?? s.passage}: ${s.command}`)),
  ]);
}
