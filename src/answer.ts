import type { Lexicon } from './lexicon.js';
import { tokenize, type Token } from './normalise.js';
import type { PassageIndex } from './search-index.js';
import type { Answer, Citation, Span } from './types.js';

/** Tunable ranking parameters; the defaults are the shipped behaviour. */
export interface RankingOptions {
  /** Most citations in one answer. Default 3. */
  maxCitations: number;
  /** Weight of a question's own words. Default 1. */
  originalWeight: number;
  /** Weight of question framing ("say", "plan") when the question has other words. Default 0.2. */
  weakWeight: number;
  /** Weight of a spelling, abbreviation or translation from the lexicon. Default 0.9. */
  sameWeight: number;
  /** Weight of a lexicon near-synonym. Default 0.45. */
  relatedWeight: number;
  /** Factor for each word of a multi-word lexicon expansion. Default 0.6. */
  phraseFactor: number;
  /** Weight of a fuzzy (misspelling) match, relative to the word. Default 0.6. */
  fuzzyWeight: number;
  /** Least share of the question's weighted concepts the best passage must match, else "not covered". Default 0.5. */
  minCoverage: number;
  /** Least coverage of any further citation. Default 0.3. */
  minCitationCoverage: number;
  /** Least score of a further citation, as a share of the best score. Default 0.3. */
  minRelativeScore: number;
  /** Boost for a passage carrying what the question asks for (a number, a name, a date, a place). Default 1.3. */
  answerTypeBoost: number;
}

/** The shipped ranking parameters. */
export const DEFAULT_RANKING: RankingOptions = {
  maxCitations: 3,
  originalWeight: 1,
  weakWeight: 0.2,
  sameWeight: 0.9,
  relatedWeight: 0.45,
  phraseFactor: 0.6,
  fuzzyWeight: 0.6,
  minCoverage: 0.5,
  minCitationCoverage: 0.3,
  minRelativeScore: 0.3,
  answerTypeBoost: 1.3,
};

/** One idea of the question: a word (or lexicon phrase) with the terms that count as matching it. */
interface QueryGroup {
  /** term → weight */
  terms: Map<string, number>;
  weak: boolean;
  /** Lexicon concept labels the group's words hit. */
  concepts: number[];
  /** Where the group's words stand in the question. */
  start: number;
  end: number;
}

type AnswerType = 'quantity' | 'time' | 'person' | 'place';

// Question words that say what kind of thing the answer is: general English, Ukrainian and Russian.
const ANSWER_TYPES: [AnswerType, RegExp][] = [
  ['quantity', /\b(how (many|much|large|big|long|high|low)|what (share|percentage|proportion|number|amount|size|portion|cut)|what percent)\b|(?:^|[^\p{L}])(скільки|сколько)(?=[^\p{L}]|$)/iu],
  ['time', /\b(when|what date|how soon|by when|what time|how long until)\b|(?:^|[^\p{L}])(коли|когда)(?=[^\p{L}]|$)/iu],
  ['person', /\b(who|whom|whose|which (official|person|envoy|leader))\b|(?:^|[^\p{L}])(хто|кто|кого|кому)(?=[^\p{L}]|$)/iu],
  ['place', /\b(where|which (country|city|region|place))\b|(?:^|[^\p{L}])(де|где|куди|куда)(?=[^\p{L}]|$)/iu],
];

const MONTHS = /\b(jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sept?(ember)?|oct(ober)?|nov(ember)?|dec(ember)?)\b/i;

function hasAnswerType(text: string, type: AnswerType): boolean {
  switch (type) {
    case 'quantity':
      return /\d/.test(text) || /\b(half|twice|double|dozens?|hundreds?|thousands?|millions?|billions?)\b/i.test(text);
    case 'time':
      return /\d/.test(text) || MONTHS.test(text) || /\b(days?|weeks?|months?|years?|once|within|after|before|until|immediately|when)\b/i.test(text);
    case 'person':
      // Two capitalised words in a row past the first word: a name such as "Steve Witkoff".
      return /\s\p{Lu}\p{Ll}+\s+\p{Lu}\p{Ll}+/u.test(text);
    case 'place':
      return /\b(in|into|at|to|from|near)\s+\p{Lu}\p{Ll}+/u.test(text);
  }
}

/** Splits a question into weighted query groups, matching lexicon phrases and expanding them. */
function analyse(question: string, index: PassageIndex, lexicon: Lexicon, opt: RankingOptions): QueryGroup[] {
  const tokens = tokenize(question).filter((t) => !t.stop);
  // Tokens inside a hyphenated compound join the compound's group.
  const groups: QueryGroup[] = [];
  const groupOf = new Map<Token, QueryGroup>();
  for (const tok of [...tokens].sort((a, b) => a.start - b.start || b.end - a.end)) {
    const host = groups.find((g) => tok.start >= g.start && tok.end <= g.end);
    if (host) {
      host.terms.set(tok.term, Math.max(host.terms.get(tok.term) ?? 0, opt.originalWeight));
      groupOf.set(tok, host);
      continue;
    }
    const g: QueryGroup = { terms: new Map([[tok.term, opt.originalWeight]]), weak: tok.weak, concepts: [], start: tok.start, end: tok.end };
    groups.push(g);
    groupOf.set(tok, g);
  }
  // Lexicon phrases: the longest term starting at each word, over consecutive non-stop words.
  const words = tokens.filter((t) => !tokens.some((u) => u !== t && u.start <= t.start && u.end >= t.end && (u.start < t.start || u.end > t.end)));
  const compoundTerms = tokens.filter((t) => !words.includes(t));
  const hits: { from: number; to: number; concept: number; kind: 'same' | 'related' }[] = [];
  for (let i = 0; i < words.length; i++) {
    const candidates = [...(lexicon.byFirstStem.get(words[i]!.term) ?? [])];
    for (const c of compoundTerms) if (c.start === words[i]!.start) candidates.push(...(lexicon.byFirstStem.get(c.term) ?? []));
    let best = 0;
    for (const entry of candidates) {
      const n = entry.stems.length;
      if (n < best) continue;
      const compound = compoundTerms.find((c) => c.start === words[i]!.start && c.term === entry.stems[0]);
      const fits = n === 1 ? true : entry.stems.every((s, k) => words[i + k]?.term === s);
      if (!fits) continue;
      if (n > best) {
        best = n;
        hits.splice(0, hits.length, ...hits.filter((h) => h.from !== i));
      }
      const to = compound && n === 1 ? i : i + n - 1;
      if (!hits.some((h) => h.from === i && h.concept === entry.concept && h.kind === 'same')) hits.push({ from: i, to, concept: entry.concept, kind: entry.kind });
    }
  }
  for (const hit of hits) {
    // A phrase's words merge into one group.
    const members = words.slice(hit.from, hit.to + 1).map((w) => groupOf.get(w)!);
    const target = members[0]!;
    for (const other of members.slice(1)) {
      if (other === target) continue;
      for (const [t, w] of other.terms) target.terms.set(t, Math.max(target.terms.get(t) ?? 0, w));
      target.start = Math.min(target.start, other.start);
      target.end = Math.max(target.end, other.end);
      target.weak = target.weak && other.weak;
      target.concepts.push(...other.concepts.filter((c) => !target.concepts.includes(c)));
      for (const [tok, g] of groupOf) if (g === other) groupOf.set(tok, target);
      groups.splice(groups.indexOf(other), 1);
    }
    if (!target.concepts.includes(hit.concept)) target.concepts.push(hit.concept);
    const base = hit.kind === 'same' ? 1 : opt.relatedWeight;
    for (const exp of lexicon.expansions[hit.concept]!) {
      const w = base * (exp.kind === 'same' ? opt.sameWeight : opt.relatedWeight) * (exp.stems.length > 1 ? opt.phraseFactor : 1);
      for (const s of exp.stems) if (index.df.has(s)) target.terms.set(s, Math.max(target.terms.get(s) ?? 0, w));
    }
  }
  // Framing words weigh little unless they are all the question has.
  const allWeak = groups.every((g) => g.weak);
  if (!allWeak) for (const g of groups) if (g.weak) for (const [t, w] of g.terms) g.terms.set(t, w * opt.weakWeight);
  return groups;
}

/** A scored passage. */
interface Scored {
  order: number;
  score: number;
  coverage: number;
  matched: Set<string>;
}

/** The outcome of ranking, before wording. */
export interface Ranking {
  /** Best first, ties broken by reading order. */
  results: Scored[];
  /** Whether the question's ideas are in the corpus well enough to quote. */
  covered: boolean;
  /** Spans of the question whose words the corpus lacks entirely. */
  unknown: Span[];
  /** Labels of what the question asked about, most specific first. */
  subject: string[];
}

/**
 * Ranks passages for a question. Each query group is searched with minisearch (BM25 over the
 * group's weighted terms); a passage's score sums its groups, and its coverage is the weighted
 * share of the question's groups it matches, weighted by how rare (informative) each group is.
 */
export function rank(question: string, index: PassageIndex, lexicon: Lexicon, opt: RankingOptions = DEFAULT_RANKING): Ranking {
  const groups = analyse(question, index, lexicon, opt);
  const allWeak = groups.every((g) => g.weak);
  const acc = new Map<number, Scored>();
  let importanceTotal = 0;
  const unknown: Span[] = [];
  const subject: { label: string; importance: number; start: number }[] = [];
  for (const g of groups) {
    const known = [...g.terms].filter(([t]) => index.df.has(t));
    const unknownWords = known.length === 0;
    // Fuzzy matching rescues misspelt names ("Zaporizia"), only for words the corpus lacks.
    const fuzzyTerms = new Set([...g.terms.keys()].filter((t) => !index.df.has(t) && t.length >= 5 && /^\p{L}+$/u.test(t)));
    const results = index.search.search(
      [...g.terms.keys()].join(' '),
      {
        boostTerm: (t) => g.terms.get(t) ?? 1,
        fuzzy: (t) => (fuzzyTerms.has(t) ? 0.2 : false),
        weights: { fuzzy: opt.fuzzyWeight, prefix: 0 },
        combineWith: 'OR',
      },
    );
    let importance = known.length ? Math.max(...known.map(([t, w]) => index.idf(t) * Math.min(1, w / opt.originalWeight))) : index.rareIdf;
    if (unknownWords) {
      const fuzzyHit = results.flatMap((r) => r.terms).find((t) => index.df.has(t));
      importance = fuzzyHit ? index.idf(fuzzyHit) : index.rareIdf;
      if (!fuzzyHit) unknown.push({ start: g.start, end: g.end });
    }
    const counts = !g.weak || allWeak;
    if (counts) importanceTotal += importance;
    const label = g.concepts.length ? lexicon.concepts[g.concepts[0]!]!.label : question.slice(g.start, g.end);
    if (!g.weak && !(unknownWords && unknown.some((u) => u.start === g.start))) subject.push({ label, importance, start: g.start });
    for (const r of results) {
      const order = r.id as number;
      const entry = acc.get(order) ?? { order, score: 0, coverage: 0, matched: new Set<string>() };
      entry.score += r.score;
      let best = 0;
      for (const t of r.terms) {
        entry.matched.add(t);
        best = Math.max(best, g.terms.has(t) ? Math.min(1, g.terms.get(t)! / (g.weak && !allWeak ? opt.weakWeight : 1)) : opt.fuzzyWeight);
      }
      if (counts) entry.coverage += importance * best;
      acc.set(order, entry);
    }
  }
  const types = ANSWER_TYPES.filter(([, re]) => re.test(question)).map(([t]) => t);
  const results = [...acc.values()].map((s) => {
    const coverage = importanceTotal > 0 ? s.coverage / importanceTotal : 0;
    const text = index.passages[s.order]!.text;
    const typed = types.some((t) => hasAnswerType(text, t)) ? opt.answerTypeBoost : 1;
    return { ...s, coverage, score: s.score * typed * (0.5 + 0.5 * coverage) };
  });
  results.sort((a, b) => b.score - a.score || a.order - b.order);
  const covered = results.length > 0 && results.some((r) => r.coverage >= opt.minCoverage) && groups.length > 0;
  subject.sort((a, b) => b.importance - a.importance || a.start - b.start);
  const labels = [...new Set(subject.map((s) => s.label))];
  return { results, covered, unknown, subject: labels };
}

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
    highlights: highlights(index.tokens[order]!, matched),
  };
}

function joinLabels(labels: string[]): string {
  if (labels.length <= 1) return labels[0] ?? 'your question';
  return `${labels.slice(0, -1).join(', ')} and ${labels[labels.length - 1]}`;
}

/** Renders citations as plain text: the lead, then each quote with its citation. */
export function citationsText(lead: string, citations: Citation[]): string {
  return [lead, ...citations.map((c) => `[${c.id}] "${c.quote}" (${c.documentTitle}; ${c.source}, ${c.date})`)].join('\n');
}

/**
 * Answers a question from the index: the best passages when the corpus covers it,
 * otherwise a plain "not covered" with topics to try instead.
 */
export function answerQuestion(question: string, index: PassageIndex, lexicon: Lexicon, topics: string[], opt: RankingOptions = DEFAULT_RANKING): Answer {
  const ranking = rank(question, index, lexicon, opt);
  if (!ranking.covered) {
    const missing = ranking.unknown.map((s) => `"${question.slice(s.start, s.end)}"`);
    const lead = missing.length
      ? `The corpus does not mention ${joinLabels(missing)}, so it cannot answer that.`
      : 'No passage in the corpus addresses that question closely enough to quote.';
    const suggestions = topics.slice(0, 10);
    const text = `${lead}\nIt does cover: ${suggestions.join(', ')}.\nTry "topics" for the full list, or "clause <id>" to read a passage.`;
    return { kind: 'not-covered', question, lead, suggestions, text };
  }
  const best = ranking.results[0]!;
  const chosen = ranking.results
    .filter((r, i) => i === 0 || (r.coverage >= opt.minCitationCoverage && r.score >= best.score * opt.minRelativeScore))
    .slice(0, opt.maxCitations);
  const citations = chosen.map((r) => citationFor(index, r.order, r.score, r.matched));
  const n = citations.length;
  const lead = `${n} ${n === 1 ? 'passage addresses' : 'passages address'} ${joinLabels(ranking.subject.slice(0, 2))}:`;
  return { kind: 'answered', question, lead, citations, text: citationsText(lead, citations) };
}
