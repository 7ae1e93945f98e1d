import MiniSearch from 'minisearch';
import { tokenize, type Token } from '../language/normalise.js';
import { segmentDocument } from '../corpus/segment.js';
import type { CorpusDocument, Passage } from '../types.js';
import { chainPlaces, indexOrder, secondaryMask, versionWeights } from '../corpus/versions.js';

/** Passages containing a term and their scores for it, in passage order. */
export interface Postings {
  docs: Int32Array;
  scores: Float64Array;
  /** The index terms that matched (differs from the query term for a fuzzy match). */
  terms: string[];
}

/** Reusable per-passage arrays for ranking. */
export interface Scratch {
  total: Float64Array;
  coverage: Float64Array;
  own: Float64Array;
  hits: Float64Array;
  alt: Float64Array;
  credit: Float64Array;
  inGroup: Uint8Array;
  inQuery: Uint8Array;
  /** How many of the question's (non-framing) ideas each passage matches. */
  ideas: Uint8Array;
  /** Passages touched by the current query group, then by the whole query (lists, no allocation). */
  groupList: Int32Array;
  queryList: Int32Array;
}

/** Index and query text are already normalised terms joined by spaces. */
const splitTerms = (text: string): string[] => text.split(' ').filter(Boolean);

/** The stemmer language of a document's language code (English stemming for anything else). */
const lang = (code: string | undefined): 'uk' | 'ru' | undefined => (code === 'uk' || code === 'ru' ? code : undefined);

const EMPTY: Postings = { docs: new Int32Array(0), scores: new Float64Array(0), terms: [] };
const MAX_CACHED_POSTINGS = 20_000_000;

interface IndexedPassage {
  order: number;
  terms: string;
  /** A sub-item's lead-in terms: "cancels it" under "The American guarantee comes with conditions:". */
  context?: string;
}

/** Weight of a lead-in's words in its sub-items, against the sub-item's own words. */
export const LEAD_IN_BOOST = 0.35;

/**
 * The searchable corpus: passages in reading order and a minisearch index over pre-normalised terms. Built once; read-only afterwards.
 */
export class PassageIndex {
  /** Passages by `order`: documents sorted by id, then reading order. */
  readonly passages: Passage[];
  readonly documents: Map<string, CorpusDocument>;
  readonly byId: Map<string, Passage>;
  /**
   * Ranking weight of each passage, by `order`: 1, except in an older version of a document, where a
   * passage yields to the newest version's and one the newer version repeats word for word is 0.
   */
  readonly weights: Float64Array;
  /** 1 for a passage of a summary or commentary beside the operative text (see `secondaryMask`). */
  readonly secondary: Uint8Array;
  /** In how many passages each term occurs. */
  readonly df: Map<string, number>;
  /** Every folded word of the corpus (unstemmed), for spelling correction. */
  readonly words = new Set<string>();
  readonly search: MiniSearch<IndexedPassage>;
  private readonly tokenCache = new Map<number, Token[]>();

  constructor(docs: CorpusDocument[]) {
    const sorted = indexOrder(docs);
    this.documents = new Map(sorted.map((d) => [d.id, d]));
    this.passages = [];
    for (const doc of sorted) this.passages.push(...segmentDocument(doc, this.passages.length));
    this.byId = new Map(this.passages.map((p) => [p.id, p]));
    this.weights = versionWeights(this.passages, chainPlaces(sorted));
    this.secondary = secondaryMask(this.passages, this.documents);
    this.df = new Map();
    // Terms are normalised by our own pipeline, so minisearch only splits on the spaces we put in;
    // its default tokenizer would split ids and numbers such as "7.2".
    // Only a numbered document's sub-items have a lead-in; without one, the index is as it always was.
    const withLeadIns = this.passages.some((p) => p.context?.leadIn);
    this.search = new MiniSearch<IndexedPassage>({
      idField: 'order',
      fields: withLeadIns ? ['terms', 'context'] : ['terms'],
      tokenize: splitTerms,
      processTerm: (term) => term,
      // b 0.5 (minisearch's default is 0.7): a passage is at most one sentence already, so a long
      // sentence deserves less of a length penalty than a long document would.
      searchOptions: { tokenize: splitTerms, processTerm: (term) => term, bm25: { k: 1.2, b: 0.5, d: 0.5 }, ...(withLeadIns ? { boost: { terms: 1, context: LEAD_IN_BOOST } } : {}) },
    });
    // Insertion order is minisearch's tie-break: reading order keeps equal scores in document order.
    for (const p of this.passages) {
      const tokens = this.tokensOf(p.order, false);
      for (const t of tokens) this.words.add(t.word);
      const terms = tokens.filter((t) => !t.stop).map((t) => t.term);
      for (const term of new Set(terms)) this.df.set(term, (this.df.get(term) ?? 0) + 1);
      const leadIn = p.context?.leadIn;
      const context = leadIn ? tokenize(leadIn, lang(this.documents.get(p.documentId)?.language)).filter((t) => !t.stop).map((t) => t.term).join(' ') : undefined;
      this.search.add({ order: p.order, terms: terms.join(' '), ...(context ? { context } : {}) });
    }
  }

  /**
   * Tokens of passage `order` (offsets relative to the passage). Recomputed on demand rather than
   * kept for every passage (a large corpus would hold millions of them); the last few are cached
   * for highlighting.
   */
  tokensOf(order: number, cache = true): Token[] {
    const hit = this.tokenCache.get(order);
    if (hit) return hit;
    const p = this.passages[order]!;
    const tokens = tokenize(p.text, lang(this.documents.get(p.documentId)?.language));
    if (cache) {
      if (this.tokenCache.size >= 256) this.tokenCache.delete(this.tokenCache.keys().next().value!);
      this.tokenCache.set(order, tokens);
    }
    return tokens;
  }

  private readonly postingCache = new Map<string, Postings>();
  private postingCacheSize = 0;
  private scratchBuffers: Scratch | undefined;

  /**
   * The passages containing a term, with the BM25 score minisearch gives each for that term alone,
   * in passage order. Memoised: the index never changes, and scoring a question's synonyms term by
   * term lets a query group count only its best match. Unknown terms are searched fuzzily when
   * `fuzzy` is set (misspelt names).
   */
  postings(term: string, fuzzy = false): Postings {
    const key = fuzzy && !this.df.has(term) ? `~${term}` : term;
    const cached = this.postingCache.get(key);
    if (cached) return cached;
    if (!this.df.has(term) && !fuzzy) return EMPTY;
    // One edit for a word under ten letters, two beyond: enough for a misspelt name (Peskow), not
    // so loose that an unrelated word lands on a corpus word (congress → concess).
    const results = this.search.search(term, key.startsWith('~') ? { fuzzy: term.length >= 10 ? 2 : 1, weights: { fuzzy: 1, prefix: 0 } } : {});
    results.sort((a, b) => (a.id as number) - (b.id as number));
    const postings: Postings = {
      docs: Int32Array.from(results, (r) => r.id as number),
      scores: Float64Array.from(results, (r) => r.score),
      terms: [...new Set(results.flatMap((r) => r.terms))].sort(),
    };
    // Bounded, so that a huge corpus or a stream of misspellings cannot grow memory without end.
    if (this.postingCacheSize + postings.docs.length > MAX_CACHED_POSTINGS) {
      this.postingCache.clear();
      this.postingCacheSize = 0;
    }
    this.postingCache.set(key, postings);
    this.postingCacheSize += postings.docs.length + 1;
    return postings;
  }

  /** Per-passage work arrays for one ranking at a time (JavaScript runs one at a time). */
  scratch(): Scratch {
    const n = this.passages.length;
    this.scratchBuffers ??= {
      total: new Float64Array(n),
      coverage: new Float64Array(n),
      own: new Float64Array(n),
      hits: new Float64Array(n),
      alt: new Float64Array(n),
      credit: new Float64Array(n),
      inGroup: new Uint8Array(n),
      inQuery: new Uint8Array(n),
      ideas: new Uint8Array(n),
      groupList: new Int32Array(n),
      queryList: new Int32Array(n),
    };
    return this.scratchBuffers;
  }

  private readonly featureCache = new Map<number, Int8Array>();

  /** Whether passage `order` has feature `k` (computed once per passage and feature by `test`). */
  feature<T>(order: number, k: number, arg: T, test: (text: string, arg: T) => boolean): boolean {
    let cache = this.featureCache.get(k);
    if (!cache) {
      cache = new Int8Array(this.passages.length).fill(-1);
      this.featureCache.set(k, cache);
    }
    if (cache[order] === -1) cache[order] = test(this.passages[order]!.text, arg) ? 1 : 0;
    return cache[order] === 1;
  }

  /** Inverse document frequency of a term (BM25 form); 0 when the corpus lacks it. */
  idf(term: string): number {
    const df = this.df.get(term);
    if (!df) return 0;
    const n = this.passages.length;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /** The idf a term would have if it occurred in a single passage: the weight of an unknown word. */
  get rareIdf(): number {
    const n = this.passages.length;
    return Math.log(1 + (n - 0.5) / 1.5);
  }
}
