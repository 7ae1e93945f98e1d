/**
 * What the people who run the bot taught it (`curation.json` beside the corpus documents): aliases,
 * phrases people use rewritten into the documents' own words, and pins, passages ranked first when a
 * question holds a phrase. Kept with the corpus because it is about the corpus: it names its words
 * and its citation ids, it is checked with it (`corpus:check`) and reloaded with it (SIGHUP).
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { CorpusError } from './load.js';
import type { Problem } from './versions.js';
import type { CurationUse, Passage } from '../types.js';

/** The file's name in the corpus folder. */
export const CURATION_FILE = 'curation.json';

const phrase = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(200)
  .regex(/[\p{L}\p{N}]/u, 'must hold a word');
const common = {
  phrase,
  /** Who made the entry (a name, or a chat user id). */
  by: z.string().trim().min(1, 'must not be empty').max(200),
  /** When, as an ISO time. */
  at: z.iso.datetime({ offset: true }),
  note: z.string().max(1000).optional(),
};

const aliasSchema = z.strictObject({ kind: z.literal('alias'), ...common, means: phrase });
const pinSchema = z.strictObject({
  kind: z.literal('pin'),
  ...common,
  ids: z.array(z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}:\d+(\.\d+)?$/, 'must be a citation id such as plan-article:7.1')).min(1),
});

/** One entry: an alias or a pin. */
export const curationEntrySchema = z.discriminatedUnion('kind', [aliasSchema, pinSchema]);
/** The whole file. */
export const curationSchema = z.strictObject({ entries: z.array(curationEntrySchema) });

export type CurationEntry = z.infer<typeof curationEntrySchema>;
export type AliasEntry = Extract<CurationEntry, { kind: 'alias' }>;
export type PinEntry = Extract<CurationEntry, { kind: 'pin' }>;
export type Curation = z.infer<typeof curationSchema>;

/** No entries: the bot as its corpus and lexicon make it. */
export const EMPTY_CURATION: Curation = { entries: [] };

/** The curation file of a corpus folder. */
export function curationFile(dir: string): string {
  return join(dir, CURATION_FILE);
}

/** Reads and validates a corpus folder's curation; none when the file is absent. Throws `CorpusError` naming what is wrong. */
export function readCuration(dir: string): Curation {
  const file = curationFile(dir);
  if (!existsSync(file)) return EMPTY_CURATION;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new CorpusError(`${file}: not readable JSON: ${(err as Error).message}`, file);
  }
  const parsed = curationSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || 'file'}: ${i.message}`).join('; ');
    throw new CorpusError(`${file}: invalid curation: ${problems}`, file);
  }
  return parsed.data;
}

/** Writes a corpus folder's curation (to a temporary file, then renamed, so a reload never reads half a file). */
export function writeCuration(dir: string, curation: Curation): void {
  const file = curationFile(dir);
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(curationSchema.parse(curation), null, 2)}\n`);
  renameSync(tmp, file);
}

/** A text's words, lower-cased, apostrophes folded away: what "a passage contains these words" compares. */
export function plainWords(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/['’‘`]/g, '')
    .match(/[\p{L}\p{N}]+/gu) ?? [];
}

/**
 * What is wrong with a curation against the corpus's passages: an alias whose words no passage holds
 * all of (it would rewrite questions into words nothing answers) and a pin naming a passage that no
 * longer exists (the corpus changed under it). Every problem is an error.
 */
export function curationProblems(curation: Curation, passages: readonly Pick<Passage, 'id' | 'text'>[], file = CURATION_FILE): Problem[] {
  if (curation.entries.length === 0) return [];
  const ids = new Set(passages.map((p) => p.id));
  const wordSets = passages.map((p) => new Set(plainWords(p.text)));
  const problems: Problem[] = [];
  curation.entries.forEach((e, i) => {
    const where = `${file}: entry ${i + 1} (${e.kind} "${e.phrase}")`;
    if (e.kind === 'alias') {
      const words = plainWords(e.means);
      if (!wordSets.some((set) => words.every((w) => set.has(w)))) problems.push({ level: 'error', message: `${where}: no passage contains the words "${e.means}"`, file });
    } else {
      for (const id of e.ids) if (!ids.has(id)) problems.push({ level: 'error', message: `${where}: no passage has the id ${id}`, file });
    }
  });
  return problems;
}

/** Throws a `CorpusError` for the first problem {@link curationProblems} finds. */
export function assertCurationUsable(curation: Curation, passages: readonly Pick<Passage, 'id' | 'text'>[], dir: string): void {
  const problem = curationProblems(curation, passages, curationFile(dir))[0];
  if (problem) throw new CorpusError(problem.message, problem.file);
}

const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The phrase as a pattern: case-insensitive, whole words only ("cap" is not in "capital"), any run of
 * spaces between its words, in any script (Unicode letters count as word characters).
 */
export function phrasePattern(text: string): RegExp {
  const body = text.trim().split(/\s+/).map(escapeRegex).join('\\s+');
  return new RegExp(`(?<![\\p{L}\\p{N}])${body}(?![\\p{L}\\p{N}])`, 'giu');
}

/** A question after curation: the text to rank, the entries used, and the ids pinned first. */
export interface Curated {
  text: string;
  used: CurationUse[];
  pinned: string[];
}

/**
 * Applies a curation to a question: every alias phrase in it is rewritten into the documents' words
 * (longest phrase first, so "the Geneva cap" wins over "cap"; then file order) and every pin whose
 * phrase it holds contributes its ids, in file order. Pure, so the same question and curation always
 * give the same result.
 *
 * @example applyCuration('the Geneva cap?', curation) // { text: 'the 600,000 personnel?', used: [{ kind: 'alias', phrase: 'Geneva cap' }], pinned: [] }
 */
export function applyCuration(question: string, curation: Curation): Curated {
  const used: CurationUse[] = [];
  const aliases = curation.entries
    .map((e, i) => ({ e, i }))
    .filter((x): x is { e: AliasEntry; i: number } => x.e.kind === 'alias')
    .sort((a, b) => b.e.phrase.length - a.e.phrase.length || a.i - b.i);
  let text = question;
  for (const { e } of aliases) {
    const pattern = phrasePattern(e.phrase);
    if (!pattern.test(text)) continue;
    // A function replacement: "$&" or "$1" in the document words is text, not a pattern.
    text = text.replace(phrasePattern(e.phrase), () => e.means);
    used.push({ kind: 'alias', phrase: e.phrase });
  }
  const pinned: string[] = [];
  for (const e of curation.entries) {
    if (e.kind !== 'pin' || !phrasePattern(e.phrase).test(question)) continue;
    used.push({ kind: 'pin', phrase: e.phrase });
    for (const id of e.ids) if (!pinned.includes(id)) pinned.push(id);
  }
  return { text, used, pinned };
}
