import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { CorpusDocument } from '../types.js';
import { chainProblems } from './versions.js';

/** Raised when a corpus file is unusable; the message names the file and what is wrong. */
export class CorpusError extends Error {
  constructor(
    message: string,
    /** The offending file, when there is one. */
    readonly file?: string,
  ) {
    super(message);
    this.name = 'CorpusError';
  }
}

/**
 * The project folder: the nearest folder above this module that holds package.json. Found by
 * walking up because this module runs from src/corpus/ (tests, tsx) and from a bundle in dist/;
 * failing that, the folder above this module's (a bundle in dist/ copied on its own).
 */
function projectRoot(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  for (let dir = here; dirname(dir) !== dir; dir = dirname(dir)) if (existsSync(join(dir, 'package.json'))) return dir;
  // A bundle copied without its package.json still sits in dist/, one below the project.
  return dirname(here);
}

/** The bundled corpus folder, used when neither `--corpus` nor `CORPUS_DIR` names another. */
export const DEFAULT_CORPUS_DIR = join(projectRoot(), 'corpus') + '/';

/** File endings read as corpus documents; anything else in the folder (a README, say) is skipped. */
export const DOCUMENT_EXTENSIONS = ['.txt', '.md'] as const;

const metaSchema = z.strictObject({
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'must be 1-40 lowercase letters, digits or hyphens, starting with a letter or digit'),
  title: z.string().trim().min(1, 'must not be empty').max(300),
  source: z.string().trim().min(1, 'must not be empty').max(500),
  date: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$/, 'must be YYYY-MM-DD or YYYY-MM'),
  url: z.url({ protocol: /^https?$/ }).optional(),
  language: z.string().regex(/^[a-z]{2}$/, 'must be a two-letter ISO 639-1 code').default('en'),
  version: z.string().trim().min(1, 'must not be empty').max(60).optional(),
  supersedes: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'must be the id of another document')
    .optional(),
  role: z.enum(['text', 'summary', 'commentary'], { error: 'must be text, summary or commentary' }).optional(),
});

/**
 * Splits a document file into its header fields and its verbatim body.
 * The header is a block of `key: value` lines between two `---` lines at the top of the file.
 */
export function parseDocumentFile(raw: string, file: string): { fields: Record<string, string>; body: string } {
  const content = raw.startsWith('\uFEFF') ? raw.slice(1) : raw;
  const open = /^---\r?\n/.exec(content);
  if (!open) throw new CorpusError(`${file}: missing metadata header (the file must start with a line "---")`, file);
  const close = /^---[ \t]*(\r?\n|$)/m;
  const rest = content.slice(open[0].length);
  const end = close.exec(rest);
  if (!end) throw new CorpusError(`${file}: metadata header is not closed by a line "---"`, file);
  const header = rest.slice(0, end.index);
  const body = rest.slice(end.index + end[0].length);
  const fields: Record<string, string> = {};
  header.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '' || line.trimStart().startsWith('#')) return;
    const m = /^([A-Za-z][\w-]*)\s*:\s*(.*)$/.exec(line);
    if (!m) throw new CorpusError(`${file}: header line ${i + 2} is not "key: value": ${JSON.stringify(line)}`, file);
    const key = m[1]!;
    if (key in fields) throw new CorpusError(`${file}: header key "${key}" appears twice`, file);
    fields[key] = m[2]!.trim();
  });
  return { fields, body };
}

/** Parses one document file's content into a validated document. */
export function parseDocument(raw: string, file: string): CorpusDocument {
  const { fields, body } = parseDocumentFile(raw, file);
  const parsed = metaSchema.safeParse(fields);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((issue) => `${issue.path.join('.') || 'header'}: ${issue.code === 'invalid_type' ? 'is required' : issue.message}`)
      .join('; ');
    throw new CorpusError(`${file}: invalid metadata: ${problems}`, file);
  }
  if (body.trim() === '') throw new CorpusError(`${file}: the document has no text after its header`, file);
  if (body.includes('\u0000')) throw new CorpusError(`${file}: the document text contains NUL bytes (binary file?)`, file);
  return { ...parsed.data, text: body, file };
}

/**
 * Reads every document in a corpus folder, sorted by id so that the index (and every tie-break) is
 * independent of the file system's listing order.
 *
 * @example
 * const docs = loadCorpus('corpus');
 * docs[0].id // => 'plan-article'
 */
export function loadCorpus(dir: string): CorpusDocument[] {
  let names: string[];
  try {
    if (!statSync(dir).isDirectory()) throw new CorpusError(`corpus path ${dir} is not a folder`);
    names = readdirSync(dir);
  } catch (err) {
    if (err instanceof CorpusError) throw err;
    throw new CorpusError(`cannot read corpus folder ${dir}: ${(err as Error).message}`);
  }
  // Dotfiles are never documents: editors leave lock files (`.#plan-article.txt`, a dangling symlink)
  // and swap files beside the one being edited, and one must not stop the bot from starting.
  const files = names.filter((n) => !n.startsWith('.') && DOCUMENT_EXTENSIONS.some((ext) => n.endsWith(ext)) && !/^readme\./i.test(n)).sort();
  const docs = files.map((name) => {
    const file = join(dir, name);
    let raw: Buffer;
    try {
      raw = readFileSync(file);
    } catch (err) {
      throw new CorpusError(`cannot read ${file}: ${(err as Error).message}`, file);
    }
    if (raw.includes(0)) throw new CorpusError(`${file}: the file contains NUL bytes (binary file?)`, file);
    return parseDocument(raw.toString('utf8'), file);
  });
  if (docs.length === 0) throw new CorpusError(`corpus folder ${dir} holds no documents (*${DOCUMENT_EXTENSIONS.join(', *')})`);
  const seen = new Map<string, string>();
  for (const doc of docs) {
    const other = seen.get(doc.id);
    if (other) throw new CorpusError(`${doc.file}: duplicate document id "${doc.id}" (also used by ${other})`, doc.file);
    seen.set(doc.id, doc.file);
  }
  const broken = chainProblems(docs).find((p) => p.level === 'error');
  if (broken) throw new CorpusError(broken.message, broken.file);
  return docs.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
