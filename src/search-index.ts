import MiniSearch from 'minisearch';
import { tokenize, type Token } from './normalise.js';
import { segmentDocument } from './segment.js';
import type { CorpusDocument, Passage } from './types.js';

const EMPTY: Map<number, number> = new Map();

interface IndexedPassage {
  order: number;
  terms: string;
}

/**
 * The searchable corpus: passages in reading order, their tokens (for highlighting) and a
 * minisearch index over pre-normalised terms. Built once; read-only afterwards.
 */
export class PassageIndex {
  /** Passages by `order`: documents sorted by id, then reading order. */
  readonly passages: Passage[];
  readonly documents: Map<string, CorpusDocument>;
  readonly byId: Map<string, Passage>;
  /** Tokens of each passage (offsets relative to the passage), by `order`. */
  readonly tokens: Token[][];
  /** In how many passages each term occurs. */
  readonly df: Map<string, number>;
  readonly search: MiniSearch<IndexedPassage>;

  constructor(docs: CorpusDocument[]) {
    const sorted = [...docs].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    this.documents = new Map(sorted.map((d) => [d.id, d]));
    this.passages = [];
    for (const doc of sorted) this.passages.push(...segmentDocument(doc, this.passages.length));
    this.byId = new Map(this.passages.map((p) => [p.id, p]));
    this.tokens = this.passages.map((p) => {
      const lang = this.documents.get(p.documentId)?.language;
      return tokenize(p.text, lang === 'uk' || lang === 'ru' ? lang : undefined);
    });
    this.df = new Map();
    for (const toks of this.tokens) {
      for (const term of new Set(toks.filter((t) => !t.stop).map((t) => t.term))) this.df.set(term, (this.df.get(term) ?? 0) + 1);
    }
    // Terms are normalised by our own pipeline, so minisearch only splits on the spaces we put in;
    // its default tokenizer would split ids and numbers such as "7.2".
    this.search = new MiniSearch<IndexedPassage>({
      idField: 'order',
      fields: ['terms'],
      tokenize: (text) => text.split(' ').filter(Boolean),
      processTerm: (term) => term,
      searchOptions: { tokenize: (text) => text.split(' ').filter(Boolean), processTerm: (term) => term },
    });
    // Insertion order is minisearch's tie-break: reading order keeps equal scores in document order.
    this.search.addAll(
      this.tokens.map((toks, order) => ({
        order,
        terms: toks
          .filter((t) => !t.stop)
          .map((t) => t.term)
          .join(' '),
      })),
    );
  }

  private readonly termCache = new Map<string, Map<number, number>>();

  /**
   * The BM25 score minisearch gives each passage for one term, memoised: the index never changes,
   * and scoring a question's synonyms term by term lets a query group count its best match once.
   * Unknown terms are searched fuzzily when `fuzzy` is set (misspelt names), and never cached.
   */
  termScores(term: string, fuzzy = false): Map<number, number> {
    const cached = this.termCache.get(term);
    if (cached) return cached;
    if (!this.df.has(term) && !fuzzy) return EMPTY;
    const scores = new Map<number, number>();
    const results = this.search.search(term, fuzzy && !this.df.has(term) ? { fuzzy: 0.2, weights: { fuzzy: 1, prefix: 0 } } : {});
    for (const r of results) scores.set(r.id as number, r.score);
    if (this.df.has(term)) this.termCache.set(term, scores);
    return scores;
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
