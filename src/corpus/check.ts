/**
 * What a corpus looks like to the bot, document by document (numbering, points, lead-ins,
 * headings, versions), and what is wrong with it. `npm run corpus:check` prints it; loading refuses
 * a corpus with an error, so a bad edit never replaces a good corpus.
 */
import { CorpusError } from './load.js';
import { segmentDocument } from './segment.js';
import { outline, type Outline } from './structure.js';
import type { CorpusDocument, Passage } from '../types.js';
import { chainProblems, type Problem } from './versions.js';

/** One document as segmented, with its problems. */
export interface DocumentReport {
  document: CorpusDocument;
  /** The numbered outline, or null for a document cut into paragraphs. */
  outline: Outline | null;
  passages: Passage[];
  problems: Problem[];
}

/** Segments every document and collects problems: numbering, empty documents, version links. */
export function checkDocuments(docs: readonly CorpusDocument[]): { documents: DocumentReport[]; problems: Problem[] } {
  const documents = docs.map((document) => {
    const shape = outline(document.text);
    const passages = segmentDocument(document, 0, shape);
    const problems: Problem[] = (shape?.problems ?? []).map((p) => ({ ...p, message: `${document.file}: ${p.message}`, file: document.file }));
    if (passages.length === 0) problems.push({ level: 'error', message: `${document.file}: no passage could be cut from the text`, file: document.file });
    return { document, outline: shape, passages, problems };
  });
  return { documents, problems: [...documents.flatMap((d) => d.problems), ...chainProblems(docs)] };
}

/**
 * Throws a `CorpusError` naming the first error-level problem of a corpus (warnings pass). Reads
 * only the outlines (cheap at start-up); `loadCorpus` has already checked the version links.
 */
export function assertUsable(docs: readonly CorpusDocument[]): void {
  for (const doc of docs) {
    const error = outline(doc.text)?.problems.find((p) => p.level === 'error');
    if (error) throw new CorpusError(`${doc.file}: ${error.message}`, doc.file);
  }
}
