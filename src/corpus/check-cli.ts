/**
 * `npm run corpus:check [FILE|DIR]`: prints how each document segments (its numbering, points,
 * lead-ins, headings, every passage id) and what is wrong with it. Exit codes: 0 when the corpus
 * loads (warnings allowed), 1 on an error (the bot would refuse it), 2 on bad usage.
 */
import { readFileSync, statSync } from 'node:fs';
import { checkDocuments, type DocumentReport } from './check.js';
import { CorpusError, DEFAULT_CORPUS_DIR, loadCorpus, parseDocument } from './load.js';
import type { CorpusDocument } from '../types.js';
import type { Problem } from './versions.js';
import { curationFile, curationProblems, readCuration } from './curation.js';

const USAGE = `usage: npm run corpus:check [FILE|DIR]

Shows how the bot cuts each document into citable passages: numbered points, sub-items with their
lead-ins, headings and version links, and warns about duplicate or missing point numbers.
With FILE, checks that document against the corpus folder (CORPUS_DIR or the bundled corpus/).
Also checks the folder's curation.json: an alias whose words no passage holds, or a pin to a
passage id that no longer exists, is an error.`;

const flat = (text: string, max = 100): string => {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
};

/** The report of one document as lines of text. */
export function describeDocument(report: DocumentReport): string[] {
  const { document: doc, outline, passages } = report;
  const version = [doc.version && `version "${doc.version}"`, doc.supersedes && `supersedes ${doc.supersedes}`].filter(Boolean).join(', ');
  const points = outline?.points.filter((p) => p.number > 0).length ?? 0;
  const shape = outline ? `numbered, ${points} points (${outline.style} markers)` : 'paragraphs (no numbered points)';
  const lines = [`${doc.id} (${doc.file}): ${shape}, ${passages.length} passages${version ? `, ${version}` : ''}`];
  let paragraph = -1;
  let heading: string | undefined;
  for (const p of passages) {
    if (outline && p.paragraph !== paragraph) {
      paragraph = p.paragraph;
      // Headings are context, never passages: shown where they start to apply.
      if (p.context?.heading !== heading) {
        heading = p.context?.heading;
        if (heading) lines.push(`  heading: ${flat(heading)}`);
      }
      lines.push(`  ${p.paragraph === 0 ? 'before point 1' : `point ${p.paragraph}`}`);
    }
    const item = p.context?.item ? `(${p.context.item}) ` : '';
    const lead = p.context?.leadIn ? `   ← lead-in: ${flat(p.context.leadIn, 60)}` : '';
    lines.push(`    ${p.id}  ${item}${flat(p.text)}${lead}`);
  }
  return lines;
}

function fail(message: string, code: number): never {
  process.stderr.write(`corpus:check: ${message}\n`);
  process.exit(code);
}

function load(target: string | undefined): CorpusDocument[] {
  const dir = process.env.CORPUS_DIR || DEFAULT_CORPUS_DIR;
  if (target === undefined) return loadCorpus(dir);
  let isDir: boolean;
  try {
    isDir = statSync(target).isDirectory();
  } catch (err) {
    fail(`cannot read ${target}: ${(err as Error).message}`, 2);
  }
  if (isDir) return loadCorpus(target);
  const doc = parseDocument(readFileSync(target, 'utf8'), target);
  // The file is checked beside the corpus it would join, where it replaces a document with its id.
  let others: CorpusDocument[] = [];
  try {
    others = loadCorpus(dir).filter((d) => d.id !== doc.id);
  } catch (err) {
    process.stderr.write(`corpus:check: warning: checked alone; the corpus folder does not load (${(err as Error).message})\n`);
  }
  return [doc, ...others];
}

/** The folder whose curation.json applies: the folder checked, or the corpus folder a FILE would join. */
function curationDir(target: string | undefined): string {
  if (target !== undefined && statSync(target).isDirectory()) return target;
  return process.env.CORPUS_DIR || DEFAULT_CORPUS_DIR;
}

/** The curation's problems against these passages; an unreadable file is one error. */
function checkCuration(dir: string, passages: Parameters<typeof curationProblems>[1]): Problem[] {
  try {
    return curationProblems(readCuration(dir), passages, curationFile(dir));
  } catch (err) {
    if (err instanceof CorpusError) return [{ level: 'error', message: err.message, file: err.file ?? curationFile(dir) }];
    throw err;
  }
}

function main(): void {
  const args = process.argv.slice(2);
  if (args.includes('-h') || args.includes('--help')) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (args.length > 1) fail('give at most one FILE or DIR (see --help)', 2);
  let docs: CorpusDocument[];
  try {
    docs = load(args[0]);
  } catch (err) {
    if (err instanceof CorpusError) fail(`error: ${err.message}`, 1);
    throw err;
  }
  const checked = checkDocuments(docs);
  const { documents } = checked;
  const problems = [...checked.problems, ...checkCuration(curationDir(args[0]), documents.flatMap((d) => d.passages))];
  const shown = args[0] !== undefined && !statSync(args[0]).isDirectory() ? documents.slice(0, 1) : documents;
  const out: string[] = [];
  for (const report of shown) out.push(...describeDocument(report), '');
  const line = (p: Problem): string => `${p.level}: ${p.message}`;
  out.push(...problems.map(line));
  const errors = problems.filter((p) => p.level === 'error').length;
  const warnings = problems.length - errors;
  const passages = shown.reduce((n, d) => n + d.passages.length, 0);
  out.push(`${shown.length} ${shown.length === 1 ? 'document' : 'documents'}, ${passages} passages, ${errors} ${errors === 1 ? 'error' : 'errors'}, ${warnings} ${warnings === 1 ? 'warning' : 'warnings'}`);
  process.stdout.write(`${out.join('\n')}\n`);
  if (errors > 0) process.exit(1);
}

main();
