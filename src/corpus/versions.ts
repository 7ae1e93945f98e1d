/**
 * Version chains: a document whose header says `supersedes: <id>` is a later version of that
 * document. Answers prefer the newest version, and `compare` sets the versions side by side.
 */
import type { DocumentMeta, Passage } from '../types.js';

/** A finding about the corpus; an `error` stops the bot from loading it. */
export interface Problem {
  level: 'error' | 'warning';
  message: string;
  /** The file (or document id) at fault. */
  file?: string;
}

type Versioned = Pick<DocumentMeta, 'id' | 'version' | 'supersedes' | 'date'> & { file?: string };

/** Where one document stands in its chain. */
export interface ChainPlace {
  /** The id of the chain's newest document (a document alone is its own chain). */
  head: string;
  /** 0 for the newest version, 1 for the one it superseded, and so on. */
  age: number;
  /** The chain, newest first. */
  chain: string[];
}

/**
 * Checks `supersedes` links: each names another document of the corpus, no document is superseded
 * twice, and no chain loops.
 */
export function chainProblems(docs: readonly Versioned[]): Problem[] {
  const byId = new Map(docs.map((d) => [d.id, d]));
  const problems: Problem[] = [];
  const successor = new Map<string, string>();
  for (const d of docs) {
    if (!d.supersedes) continue;
    const where = d.file ?? d.id;
    if (d.supersedes === d.id) problems.push({ level: 'error', message: `${where}: "supersedes: ${d.supersedes}" names the document itself`, file: where });
    else if (!byId.has(d.supersedes))
      problems.push({ level: 'error', message: `${where}: "supersedes: ${d.supersedes}" names no document of the corpus`, file: where });
    else if (successor.has(d.supersedes))
      problems.push({ level: 'error', message: `${where}: ${d.supersedes} is already superseded by ${successor.get(d.supersedes)}; a version can have only one successor`, file: where });
    else successor.set(d.supersedes, d.id);
  }
  for (const d of docs) {
    const seen = new Set<string>([d.id]);
    for (let at = byId.get(d.id)?.supersedes; at && byId.has(at); at = byId.get(at)!.supersedes) {
      if (seen.has(at)) {
        problems.push({ level: 'error', message: `${d.file ?? d.id}: the supersedes links loop (${[...seen, at].join(' → ')})`, file: d.file ?? d.id });
        break;
      }
      seen.add(at);
    }
  }
  for (const d of docs) {
    const inChain = d.supersedes !== undefined || successor.has(d.id);
    if (inChain && !d.version) problems.push({ level: 'warning', message: `${d.file ?? d.id}: in a version chain but has no "version:" label; answers will name it by its id`, file: d.file ?? d.id });
  }
  return problems;
}

/**
 * Each document's place in its version chain. Assumes {@link chainProblems} found no error; a
 * broken link simply ends a chain.
 */
export function chainPlaces(docs: readonly Versioned[]): Map<string, ChainPlace> {
  const byId = new Map(docs.map((d) => [d.id, d]));
  const superseded = new Set(docs.flatMap((d) => (d.supersedes && byId.has(d.supersedes) ? [d.supersedes] : [])));
  const places = new Map<string, ChainPlace>();
  for (const head of docs) {
    if (superseded.has(head.id)) continue;
    const chain: string[] = [];
    for (let at: string | undefined = head.id; at && byId.has(at) && !chain.includes(at); at = byId.get(at)!.supersedes) chain.push(at);
    chain.forEach((id, age) => places.set(id, { head: head.id, age, chain }));
  }
  // Documents on a loop have no head; give each its own chain rather than none.
  for (const d of docs) if (!places.has(d.id)) places.set(d.id, { head: d.id, age: 0, chain: [d.id] });
  return places;
}

/**
 * Documents in index order: by id, except that a chain stands together at its newest document's
 * place, newest first. Reading order breaks score ties, so an unchanged passage is quoted from the
 * newest version. A corpus without chains keeps plain id order.
 */
export function indexOrder<T extends Versioned>(docs: readonly T[]): T[] {
  const places = chainPlaces(docs);
  const key = (d: T): [string, number] => {
    const p = places.get(d.id)!;
    return [p.head, p.age];
  };
  return [...docs].sort((a, b) => {
    const [ha, aa] = key(a);
    const [hb, ab] = key(b);
    return ha < hb ? -1 : ha > hb ? 1 : aa - ab;
  });
}

/** How a document is named in an answer: its version label, else its id. */
export function versionName(doc: Pick<DocumentMeta, 'id' | 'version'>): string {
  return doc.version ?? doc.id;
}

/** How much an older version's passage weighs against the newest version's, per version of age. */
export const OLDER_VERSION_WEIGHT = 0.85;

const sameText = (text: string): string => text.replace(/\s+/g, ' ').trim().toLowerCase();

/**
 * Which passages are not the operative text, by passage order (1 = a summary or commentary beside
 * a text; 0 otherwise): ranking lets them yield to the text by the option `summaryWeight`. A
 * document's `role` says what it is; unset, a numbered document is text and any other a summary.
 * A corpus with no text has no such passages: then every document is what there is to quote.
 */
export function secondaryMask(passages: readonly Passage[], docs: ReadonlyMap<string, Pick<DocumentMeta, 'role'>>): Uint8Array {
  const mask = new Uint8Array(passages.length);
  const numbered = new Set(passages.filter((p) => p.context?.point).map((p) => p.documentId));
  const roleOf = (id: string): 'text' | 'summary' | 'commentary' => docs.get(id)?.role ?? (numbered.has(id) ? 'text' : 'summary');
  if (!passages.some((p) => roleOf(p.documentId) === 'text')) return mask;
  for (const p of passages) if (roleOf(p.documentId) !== 'text') mask[p.order] = 1;
  return mask;
}

/**
 * Ranking weights by passage order: 1 in the newest version (and outside chains), less per version
 * of age, and 0 for an older passage a newer version of its chain repeats word for word (quoting
 * both would say the same thing twice). A corpus without versions weighs 1 throughout.
 */
export function versionWeights(passages: readonly Passage[], places: Map<string, ChainPlace>): Float64Array {
  const weights = new Float64Array(passages.length).fill(1);
  if (![...places.values()].some((p) => p.age > 0)) return weights;
  const texts = new Map<string, Set<string>>();
  for (const p of passages) {
    let set = texts.get(p.documentId);
    if (!set) texts.set(p.documentId, (set = new Set()));
    set.add(sameText(p.text));
  }
  for (const p of passages) {
    const place = places.get(p.documentId);
    if (!place || place.age === 0) continue;
    const repeated = place.chain.slice(0, place.age).some((newer) => texts.get(newer)?.has(sameText(p.text)));
    weights[p.order] = repeated ? 0 : weights[p.order]! * OLDER_VERSION_WEIGHT ** place.age;
  }
  return weights;
}
