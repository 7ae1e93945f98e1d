/** Citations: a ranked passage made into the quotable, attributable unit every surface shows. */
import type { Token } from '../language/normalise.js';
import type { PassageIndex } from './search-index.js';
import type { Citation, Passage, Span } from '../types.js';

/** Ranges of a passage to bold: its words whose terms matched the question. */
export function highlights(tokens: Token[], matched: Set<string>): Span[] {
  const spans = tokens
    .filter((t) => !t.stop && matched.has(t.term))
    .map((t) => ({ start: t.start, end: t.end }))
    .sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: Span[] = [];
  for (const s of spans) {
    const last = merged[merged.length - 1];
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else merged.push({ ...s });
  }
  return merged;
}

/** Makes a citation for a passage. */
export function citationFor(index: PassageIndex, order: number, score: number, matched: Set<string>): Citation {
  const passage = index.passages[order]!;
  const doc = index.documents.get(passage.documentId)!;
  return {
    id: passage.id,
    quote: passage.text,
    documentId: doc.id,
    documentTitle: doc.title,
    source: doc.source,
    date: doc.date,
    ...(doc.url ? { url: doc.url } : {}),
    score: Math.round(score * 10_000) / 10_000,
    highlights: highlights(index.tokensOf(order), matched),
    ...(passage.context ? { context: passage.context } : {}),
    ...(doc.version ? { version: doc.version } : {}),
    ...sentenceOf(passage, doc.text),
  };
}

/** The whole sentence a passage stands in, and where the passage is in it. */
function sentenceOf(passage: Passage, text: string): Pick<Citation, 'sentence' | 'offsets'> {
  const s = passage.sentence ?? passage;
  return { sentence: text.slice(s.start, s.end), offsets: { start: passage.start - s.start, end: passage.end - s.start } };
}
