/**
 * Points of numbered documents on request: `point 10`, `clause 10`, `clause plan-points:21`,
 * `point 10(a)`. A whole point is quoted with every item; a point the plan does not have gets a
 * plain "the plan has 28 points", never a quote.
 */
import { citationFor } from './citations.js';
import { quotedAnswer } from '../wording/present.js';
import numberWords from '../data/numbers.json' with { type: 'json' };
import { shortName } from './decide.js';
import type { PassageIndex } from './search-index.js';
import { chainPlaces } from '../corpus/versions.js';
import type { Answer, Citation, CorpusDocument } from '../types.js';
import { say } from '../wording/strings.js';
import { type Lang } from '../language/lang.js';

/** One point of a numbered document. */
export interface PointInfo {
  documentId: string;
  number: number;
  /** The point's first passage, without its final punctuation, shortened: "The American guarantee comes with conditions". */
  title: string;
  /** Passage orders in the index, in reading order. */
  orders: number[];
}

/** A reference to a point (or one of its items) as a user types it. */
export interface PointRef {
  /** A document id, when the user named one (`plan-points:21`). */
  documentId?: string;
  number: number;
  /** A passage number (`10.2`) or a sub-item label (`10(a)`). */
  passage?: number;
  item?: string;
}

const TITLE_LENGTH = 80;

/** A short title for a point: its first passage, cut at a word boundary. */
export function pointTitle(text: string): string {
  const flat = text.replace(/\s+/g, ' ').replace(/[\s.:;,]+$/u, '');
  if (flat.length <= TITLE_LENGTH) return flat;
  const cut = flat.lastIndexOf(' ', TITLE_LENGTH - 1);
  return `${flat.slice(0, cut > 40 ? cut : TITLE_LENGTH - 1)}…`;
}

/** The points of every numbered document, by document id (documents without points are absent). */
export function collectPoints(index: PassageIndex): Map<string, PointInfo[]> {
  const byDoc = new Map<string, Map<number, PointInfo>>();
  for (const p of index.passages) {
    if (!p.context?.point || p.paragraph === 0) continue;
    let points = byDoc.get(p.documentId);
    if (!points) byDoc.set(p.documentId, (points = new Map()));
    const info = points.get(p.paragraph);
    if (info) info.orders.push(p.order);
    else points.set(p.paragraph, { documentId: p.documentId, number: p.paragraph, title: pointTitle(p.text), orders: [p.order] });
  }
  return new Map([...byDoc].map(([id, points]) => [id, [...points.values()].sort((a, b) => a.number - b.number)]));
}

/**
 * Numbered documents in the order a bare `point 10` looks through them: each version chain newest
 * first, chains (and lone documents) newest by date first, then by id.
 */
export function pointDocuments(documents: ReadonlyMap<string, CorpusDocument>, points: ReadonlyMap<string, PointInfo[]>): CorpusDocument[] {
  const docs = [...documents.values()];
  const places = chainPlaces(docs);
  const numbered = docs.filter((d) => points.has(d.id));
  const headDate = (d: CorpusDocument): string => documents.get(places.get(d.id)!.head)!.date;
  return numbered.sort((a, b) => {
    const pa = places.get(a.id)!;
    const pb = places.get(b.id)!;
    if (pa.head !== pb.head) return headDate(b).localeCompare(headDate(a)) || (pa.head < pb.head ? -1 : 1);
    return pa.age - pb.age;
  });
}

/** How an answer names a document: its id, with its version label when it has one. */
export function documentName(doc: Pick<CorpusDocument, 'id' | 'version'>): string {
  return doc.version ? `${doc.id} (${doc.version})` : doc.id;
}

const UNITS = numberWords.units;
const ORDINALS = numberWords.ordinalUnits;

/** Reads "10", "ten", "twenty-eight", "10th", "tenth", "twenty-eighth" as a number; `last` as -1. */
export function readNumber(word: string): number | undefined {
  const w = word.toLowerCase().replace(/\s+/g, '-');
  if (/^\d{1,3}(?:st|nd|rd|th)?$/.test(w)) return parseInt(w, 10);
  if (numberWords.last.includes(w)) return -1;
  const at = (list: string[], s: string): number => list.indexOf(s);
  if (at(UNITS, w) > 0) return at(UNITS, w);
  if (at(ORDINALS, w) > 0) return at(ORDINALS, w);
  const tens = numberWords.tens.indexOf(w);
  if (tens >= 2) return tens * 10;
  const tensOrdinal = numberWords.ordinalTens.indexOf(w);
  if (tensOrdinal >= 2) return tensOrdinal * 10;
  const [t, u] = w.split('-');
  const ti = numberWords.tens.indexOf(t ?? '');
  if (ti >= 2 && u) {
    const ui = at(UNITS, u) > 0 && at(UNITS, u) < 10 ? at(UNITS, u) : at(ORDINALS, u) > 0 && at(ORDINALS, u) < 10 ? at(ORDINALS, u) : -1;
    if (ui > 0) return ti * 10 + ui;
  }
  return undefined;
}

/** The number-word alternatives, for the intent pattern. */
export const NUMBER_WORD_PATTERN = [...numberWords.last, ...numberWords.ordinalTens.slice(2), ...numberWords.tens.slice(2), ...ORDINALS.slice(1), ...UNITS.slice(1)]
  .sort((a, b) => b.length - a.length)
  .join('|');

/** What answering a point needs from the bot. */
export interface PointSource {
  index: PassageIndex;
  points: ReadonlyMap<string, PointInfo[]>;
  /** Numbered documents in look-up order ({@link pointDocuments}). */
  pointDocs: CorpusDocument[];
}

function findPoint(src: PointSource, doc: CorpusDocument, number: number): PointInfo | undefined {
  const list = src.points.get(doc.id) ?? [];
  return number === -1 ? list[list.length - 1] : list.find((p) => p.number === number);
}

function lastNumber(src: PointSource, doc: CorpusDocument): number {
  const list = src.points.get(doc.id) ?? [];
  return list[list.length - 1]?.number ?? 0;
}

/**
 * Answers a point reference: the whole point (or the item or passage asked for) from the first
 * numbered document that has it, naming the other documents that have a point of that number.
 * `undefined` when the reference names a document that is not numbered (the caller falls back to
 * paragraph ids).
 */
export function answerPoint(src: PointSource, ref: PointRef, question: string, lang: Lang): Answer | undefined {
  const named = ref.documentId !== undefined ? src.index.documents.get(ref.documentId) : undefined;
  if (ref.documentId !== undefined && (!named || !src.points.has(named.id))) return undefined;
  const docs = named ? [named] : src.pointDocs;
  if (docs.length === 0) return undefined;
  const having = docs.filter((d) => findPoint(src, d, ref.number));
  const doc = having[0];
  if (!doc) {
    const counts = docs.map((d) => say(lang, 'point.count', { document: documentName(d), count: lastNumber(src, d) }));
    const lead = say(lang, 'point.missing', { counts: counts.join('; '), point: ref.number });
    return {
      kind: 'not-covered',
      question,
      lead,
      suggestions: [],
      subject: [`point ${ref.number}`],
      searched: docs.map(shortName),
      text: `${lead}\n${say(lang, 'point.try', { last: lastNumber(src, docs[0]!) })}`,
    };
  }
  const point = findPoint(src, doc, ref.number)!;
  let orders = point.orders;
  let label = String(point.number);
  if (ref.item !== undefined || ref.passage !== undefined) {
    orders = orders.filter((o) => {
      const p = src.index.passages[o]!;
      return ref.item !== undefined ? p.context?.item === ref.item : p.passage === ref.passage;
    });
    label = ref.item !== undefined ? `${point.number}(${ref.item})` : `${point.number}.${ref.passage}`;
    if (orders.length === 0) {
      const lead = say(lang, 'point.noPart', { document: documentName(doc), point: point.number, part: label });
      return { kind: 'not-covered', question, lead, suggestions: [], subject: [label], searched: [shortName(doc)], text: lead };
    }
  }
  // A whole point is one quote, `doc:10`, from its first word to its last item: markers and line breaks as written.
  const citations = orders === point.orders ? [wholePoint(src, point)] : orders.map((o) => citationFor(src.index, o, 1, new Set()));
  let lead = say(lang, 'point.lead', { point: label, document: documentName(doc) });
  if (docs[0] !== doc) lead = `${say(lang, 'point.notInNewest', { document: documentName(docs[0]!), point: point.number })} ${lead}`;
  const others = having.slice(1).map((d) => `${documentName(d)} ("clause ${d.id}:${findPoint(src, d, ref.number)!.number}")`);
  if (others.length) lead = `${lead} ${say(lang, 'point.alsoIn', { documents: others.join(', ') })}`;
  return quotedAnswer(question, lang, lead, citations);
}

/** A point as one citation: id `doc:10`, its text verbatim from its first passage to its last. */
function wholePoint(src: PointSource, point: PointInfo): Citation {
  const first = src.index.passages[point.orders[0]!]!;
  const last = src.index.passages[point.orders[point.orders.length - 1]!]!;
  const doc = src.index.documents.get(point.documentId)!;
  const cited = citationFor(src.index, first.order, 1, new Set());
  const heading = cited.context?.heading;
  const quote = doc.text.slice(first.start, last.end);
  return {
    ...cited,
    id: `${doc.id}:${point.number}`,
    quote,
    highlights: [],
    // A whole point stands alone: it is its own "sentence", with nothing around it to emphasise it in.
    sentence: quote,
    offsets: { start: 0, end: quote.length },
    context: { point: String(point.number), ...(heading ? { heading } : {}) },
  };
}

/** A choice for an autocomplete list: `10: The American guarantee comes with conditions` → `plan-points:10`. */
export interface PointChoice {
  name: string;
  value: string;
}

/**
 * Points matching what the user typed (a number prefix or words of the title), for autocomplete;
 * the document id is added to the name only when several documents are numbered.
 */
export function pointChoices(src: PointSource, typed: string, max = 25): PointChoice[] {
  const query = typed.trim().toLowerCase();
  const several = src.pointDocs.length > 1;
  const choices: { choice: PointChoice; rank: number }[] = [];
  for (const doc of src.pointDocs) {
    for (const p of src.points.get(doc.id) ?? []) {
      const name = `${several ? `${doc.id} ` : ''}${p.number}: ${p.title}`;
      const local = String(p.number);
      const rank = query === '' || local.startsWith(query) || `${doc.id}:${local}`.startsWith(query) ? 0 : name.toLowerCase().includes(query) ? 1 : -1;
      if (rank >= 0) choices.push({ choice: { name: name.length > 100 ? `${name.slice(0, 99)}…` : name, value: `${doc.id}:${p.number}` }, rank });
    }
  }
  return choices
    .sort((a, b) => a.rank - b.rank)
    .slice(0, max)
    .map((c) => c.choice);
}

/**
 * The line every surface shows above a sub-item's quote, so that "cancels it" keeps its subject:
 * `Point 10(a) · The American guarantee comes with conditions:`. Undefined for a quote without a lead-in.
 */
export function contextLine(citation: Pick<Citation, 'context'>, lang: Lang = 'en'): string | undefined {
  const c = citation.context;
  if (!c?.leadIn || !c.point) return undefined;
  const leadIn = c.leadIn.replace(/\s+/g, ' ');
  return say(lang, 'point.context', { point: c.item ? `${c.point}(${c.item})` : c.point, leadIn });
}
