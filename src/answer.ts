import { lexiconKeys, type Lexicon } from './lexicon.js';
import { tokenize, type Token } from './normalise.js';
import type { PassageIndex, Scratch } from './search-index.js';
import { commonEnglishRank, type SpellChecker } from './spell.js';
import { quotedAnswer, refusalLead, refusalText, leadFor } from './present.js';
import type { Answer, Citation, Passage, Span } from './types.js';
import { detectLanguage } from './wording.js';

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
  /** Alternatives weighing less than this are not searched. Default 0.25. */
  minAlternativeWeight: number;
  /** Weight of a fuzzy (misspelling) match, relative to the word. Default 0.6. */
  fuzzyWeight: number;
  /** Share of the question's weighted concepts the best passage must exceed, else "not covered". Default 0.5. */
  minCoverage: number;
  /** The same, for a question every word of which the corpus knows (nothing in it is off-topic outright). Default 0.4. */
  minCoverageAllKnown: number;
  /** Least coverage of any further citation. Default 0.3. */
  minCitationCoverage: number;
  /** Least score of a further citation, as a share of the best score. Default 0.3. */
  minRelativeScore: number;
  /** Words ranked above this in everyday English (SUBTLEX-US) count as common. Default 1000. */
  commonWordRank: number;
  /** Importance of a common word that names no domain concept, relative to its corpus rarity. Default 0.4. */
  commonWordFactor: number;
  /**
   * A passage that matches at least this many of the question's ideas (and no fewer than the
   * question has unknown words) covers it at `minCoverageManyIdeas`: a long question's framing
   * words ("under what circumstances…") should not outweigh two of its ideas found together. Default 2.
   */
  minIdeas: number;
  /** Coverage enough for a passage matching `minIdeas` ideas. Default 0.3. */
  minCoverageManyIdeas: number;
  /** Least credit (a spelling counts, a near-synonym does not) for an idea to count as matched. Default 0.8. */
  ideaCredit: number;
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
  minAlternativeWeight: 0.25,
  fuzzyWeight: 0.6,
  minCoverage: 0.5,
  minCoverageAllKnown: 0.4,
  minCitationCoverage: 0.3,
  minRelativeScore: 0.3,
  answerTypeBoost: 1.3,
  commonWordRank: 1000,
  commonWordFactor: 0.4,
  minIdeas: 2,
  minCoverageManyIdeas: 0.3,
  ideaCredit: 0.8,
};

/** One idea of the question: its own words, plus the terms that also count as matching it. */
interface QueryGroup {
  /** Stems of the question's own words (several for a phrase such as "fighter jets"). */
  phrase: string[];
  /** The question's own words, folded but not stemmed. */
  words: string[];
  /** Other terms that match the idea (spellings, translations, synonyms, a compound's joined form) → weight. */
  alternatives: Map<string, number>;
  weak: boolean;
  /** Lexicon concepts the group's words hit. */
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

/** A question word the corpus and lexicon do not know, re-read as the known word it is a typo of. */
function correctTypo(t: Token, index: PassageIndex, lexicon: Lexicon, speller?: SpellChecker): Token {
  if (!speller || t.stop || t.lang !== 'en' || index.df.has(t.term) || lexicon.byFirstStem.has(t.term)) return t;
  const fixed = speller.correct(t.word);
  if (!fixed) return t;
  const [as] = tokenize(fixed);
  return as ? { ...t, term: as.term, word: as.word, stop: as.stop, weak: as.weak } : t;
}

/** Splits a question into query groups, matching lexicon phrases and expanding them. */
function analyse(question: string, index: PassageIndex, lexicon: Lexicon, opt: RankingOptions, speller?: SpellChecker): QueryGroup[] {
  const tokens = tokenize(question)
    .map((t) => correctTypo(t, index, lexicon, speller))
    .filter((t) => !t.stop);
  // A hyphenated compound ("snap-back") yields its parts and its joined form: one group, the
  // parts as its phrase and the joined form as an alternative of full weight.
  const isCompound = (t: Token): boolean => tokens.some((u) => u !== t && u.start >= t.start && u.end <= t.end);
  const words = tokens.filter((t) => !isCompound(t));
  const compounds = tokens.filter(isCompound);
  const groups: QueryGroup[] = [];
  const groupOf: QueryGroup[] = [];
  for (const w of words) {
    const host = compounds.find((c) => w.start >= c.start && w.end <= c.end);
    const existing = host && groups.find((g) => g.start === host.start && g.end === host.end);
    if (existing) {
      existing.phrase.push(w.term);
      existing.words.push(w.word);
      existing.weak &&= w.weak;
      groupOf.push(existing);
      continue;
    }
    const g: QueryGroup = {
      phrase: [w.term],
      words: [w.word],
      alternatives: new Map(host ? [[host.term, opt.originalWeight]] : []),
      weak: w.weak,
      concepts: [],
      start: host?.start ?? w.start,
      end: host?.end ?? w.end,
    };
    groups.push(g);
    groupOf.push(g);
  }
  // Lexicon terms: at each word, the longest term (over consecutive words) that starts there.
  for (let i = 0; i < words.length; i++) {
    const candidates = lexiconKeys(lexicon, words[i]!.term).flatMap((k) => lexicon.byFirstStem.get(k) ?? []);
    const compound = compounds.find((c) => c.start === words[i]!.start);
    if (compound) candidates.push(...(lexicon.byFirstStem.get(compound.term) ?? []));
    const fits = candidates.filter((e) => (compound && e.stems.length === 1 && e.stems[0] === compound.term) || e.stems.every((st, k) => k === 0 || words[i + k]?.term === st));
    if (fits.length === 0) continue;
    const longest = Math.max(...fits.map((e) => (compound && e.stems[0] === compound.term ? 1 : e.stems.length)));
    const span = fits.filter((e) => (compound && e.stems[0] === compound.term ? 1 : e.stems.length) === longest);
    const target = groupOf[i]!;
    for (let k = 1; k < longest; k++) {
      const other = groupOf[i + k]!;
      if (other === target) continue;
      target.phrase.push(...other.phrase);
      target.words.push(...other.words);
      for (const [t, w] of other.alternatives) target.alternatives.set(t, Math.max(target.alternatives.get(t) ?? 0, w));
      target.end = Math.max(target.end, other.end);
      target.weak &&= other.weak;
      for (const c of other.concepts) if (!target.concepts.includes(c)) target.concepts.push(c);
      groups.splice(groups.indexOf(other), 1);
      for (let j = 0; j < groupOf.length; j++) if (groupOf[j] === other) groupOf[j] = target;
    }
    // A word that is a spelling of a concept expands fully; one that is only a near-synonym, weakly.
    const kinds = new Map<number, 'same' | 'related'>();
    for (const e of span) if (kinds.get(e.concept) !== 'same') kinds.set(e.concept, e.kind);
    for (const [concept, kind] of [...kinds].sort((a, b) => a[0] - b[0])) {
      if (!target.concepts.includes(concept)) target.concepts.push(concept);
      const base = kind === 'same' ? 1 : opt.relatedWeight;
      for (const exp of lexicon.expansions[concept]!) {
        const w = base * (exp.kind === 'same' ? opt.sameWeight : opt.relatedWeight) * (exp.stems.length > 1 ? opt.phraseFactor : 1);
        // A synonym of a near-synonym says too little to be worth a pass over its passages.
        if (w < opt.minAlternativeWeight) continue;
        for (const st of exp.stems) {
          // A word of the question's own phrase is an alternative too when, alone, it names the
          // concept ("Donetsk" of "the Donetsk region"): a passage naming it matches the whole idea,
          // not half of the phrase.
          if (!index.df.has(st) || (target.phrase.includes(st) && (exp.stems.length > 1 || target.phrase.length === 1))) continue;
          target.alternatives.set(st, Math.max(target.alternatives.get(st) ?? 0, w));
        }
      }
    }
    i += longest - 1;
  }
  return groups;
}

/** A scored passage. */
interface Scored {
  order: number;
  score: number;
  coverage: number;
}

/** The outcome of ranking, before wording. */
export interface Ranking {
  /** The passages worth quoting, best first (ties broken by reading order). */
  results: Scored[];
  /** Whether the question's ideas are in the corpus well enough to quote. */
  covered: boolean;
  /** Spans of the question whose words the corpus lacks entirely. */
  unknown: Span[];
  /** Labels of what the question asked about, most specific first. */
  subject: string[];
  /** Every index term the question matched through (for highlighting). */
  terms: Set<string>;
}

/** Marks passage `d` as matched by the current query group and clears its per-group sums. */
function enterGroup(sc: Scratch, d: number, count: number): number {
  sc.inGroup[d] = 1;
  sc.own[d] = 0;
  sc.hits[d] = 0;
  sc.alt[d] = 0;
  sc.credit[d] = 0;
  sc.groupList[count] = d;
  return count + 1;
}

const better = (a: Scored, b: Scored): boolean => a.score > b.score || (a.score === b.score && a.order < b.order);

/**
 * Ranks passages for a question. Each query group scores a passage by its best match: the
 * minisearch BM25 scores of its own words summed, or its best weighted alternative. A passage's
 * score sums its groups; its coverage is the share of the question's groups it matches, each
 * group weighted by how informative (rare) it is, so a question whose key word the corpus lacks
 * is "not covered" however well its other words match.
 */
export function rank(question: string, index: PassageIndex, lexicon: Lexicon, opt: RankingOptions = DEFAULT_RANKING, speller?: SpellChecker): Ranking {
  const groups = analyse(question, index, lexicon, opt, speller);
  const common = commonEnglishRank();
  const allWeak = groups.every((g) => g.weak);
  const sc = index.scratch();
  let touched = 0;
  const terms = new Set<string>();
  let importanceTotal = 0;
  const unknown: Span[] = [];
  const subject: { label: string; importance: number; start: number }[] = [];
  for (const g of groups) {
    // Framing words weigh little unless they are all the question has.
    const gw = g.weak && !allWeak ? opt.weakWeight : opt.originalWeight;
    const own = g.phrase.map((t) => ({ t, known: index.df.has(t), postings: index.postings(t, t.length >= 5 && /^\p{L}+$/u.test(t)) }));
    // An alternative stands in for the question's own word, so it scores with that word's rarity:
    // a rare synonym must not outrank a passage that uses the very word asked about.
    const ownIdf = Math.max(0, ...g.phrase.map((t) => index.idf(t)));
    const alts = [...g.alternatives].map(([t, w]) => ({ w: ownIdf > 0 ? w * Math.min(1, ownIdf / index.idf(t)) : w, credit: Math.min(1, w / opt.originalWeight), postings: index.postings(t) }));
    const knownIdf = [
      ...own.filter((o) => o.known).map((o) => index.idf(o.t)),
      ...[...g.alternatives].filter(([t]) => index.df.has(t)).map(([t, w]) => index.idf(t) * Math.min(1, w / opt.originalWeight)),
    ];
    const fuzzyHit = knownIdf.length === 0 && own.some((o) => o.postings.docs.length > 0);
    let importance = knownIdf.length ? Math.max(...knownIdf) : index.rareIdf;
    // Rare in this corpus is not the same as informative: a word among the commonest of English
    // that names no concept of the domain ("become", "help") frames a question more than it says
    // what it is about.
    if (knownIdf.length > 0 && g.concepts.length === 0 && g.words.every((w) => (common.get(w) ?? Infinity) < opt.commonWordRank)) importance *= opt.commonWordFactor;
    if (knownIdf.length === 0 && !fuzzyHit && !g.weak) unknown.push({ start: g.start, end: g.end });
    const counts = !g.weak || allWeak;
    if (counts) importanceTotal += importance;
    if (!g.weak && (knownIdf.length > 0 || fuzzyHit)) {
      const label = g.concepts.length ? lexicon.concepts[g.concepts[0]!]!.label : question.slice(g.start, g.end);
      subject.push({ label, importance, start: g.start });
    }
    let inGroup = 0;
    const { own: ownAcc, hits, alt, credit, inGroup: mark } = sc;
    for (const o of own) {
      const { docs, scores } = o.postings;
      const factor = o.known ? 1 : opt.fuzzyWeight;
      for (const t of o.postings.terms) terms.add(t);
      for (let i = 0; i < docs.length; i++) {
        const d = docs[i]!;
        if (mark[d] === 0) inGroup = enterGroup(sc, d, inGroup);
        ownAcc[d]! += scores[i]! * factor;
        hits[d]! += factor;
      }
    }
    for (const a of alts) {
      const { docs, scores } = a.postings;
      for (const t of a.postings.terms) terms.add(t);
      for (let i = 0; i < docs.length; i++) {
        const d = docs[i]!;
        if (mark[d] === 0) inGroup = enterGroup(sc, d, inGroup);
        const v = scores[i]! * a.w;
        if (v > alt[d]!) alt[d] = v;
        if (a.credit > credit[d]!) credit[d] = a.credit;
      }
    }
    const { total, coverage, inQuery } = sc;
    const phraseLength = g.phrase.length;
    const { groupList, queryList } = sc;
    for (let i = 0; i < inGroup; i++) {
      const d = groupList[i]!;
      mark[d] = 0;
      if (inQuery[d] === 0) {
        inQuery[d] = 1;
        total[d] = 0;
        coverage[d] = 0;
        sc.ideas[d] = 0;
        queryList[touched++] = d;
      }
      if (!g.weak && Math.max(hits[d]! / phraseLength, credit[d]!) >= opt.ideaCredit) sc.ideas[d]!++;
      total[d]! += gw * Math.max(ownAcc[d]!, alt[d]!);
      if (counts) coverage[d]! += importance * Math.max(hits[d]! / phraseLength, credit[d]!);
    }
  }
  const asked = ANSWER_TYPES.flatMap(([type, re], k) => (re.test(question) ? [{ type, k }] : []));
  const { total, coverage } = sc;
  let best = -1;
  let maxCoverage = 0;
  let mostIdeas = 0;
  const { queryList } = sc;
  for (let i = 0; i < touched; i++) {
    const d = queryList[i]!;
    sc.inQuery[d] = 0;
    const cov = importanceTotal > 0 ? coverage[d]! / importanceTotal : 0;
    let typed = 1;
    for (const t of asked) {
      if (index.feature(d, t.k, t.type, hasAnswerType)) {
        typed = opt.answerTypeBoost;
        break;
      }
    }
    // An older version's passage yields to the newest version's (weight below 1; 1 without versions).
    total[d] = total[d]! * typed * (0.5 + 0.5 * cov) * index.weights[d]!;
    coverage[d] = cov;
    if (cov > maxCoverage) maxCoverage = cov;
    if (sc.ideas[d]! >= Math.max(opt.minIdeas, unknown.length) && cov > mostIdeas) mostIdeas = cov;
    if (best < 0 || total[d]! > total[best]! || (total[d] === total[best] && d < best)) best = d;
  }
  const results: Scored[] = best >= 0 ? [{ order: best, score: total[best]!, coverage: coverage[best]! }] : [];
  if (best >= 0) {
    // The best passage, then the next best that cover enough of the question, kept in order.
    const floor = total[best]! * opt.minRelativeScore;
    for (let i = 0; i < touched; i++) {
      const d = queryList[i]!;
      if (d === best || coverage[d]! < opt.minCitationCoverage || total[d]! < floor) continue;
      const last = results[results.length - 1]!;
      if (results.length >= opt.maxCitations && !(total[d]! > last.score || (total[d] === last.score && d < last.order))) continue;
      const s = { order: d, score: total[d]!, coverage: coverage[d]! };
      let at = results.length;
      while (at > 1 && better(s, results[at - 1]!)) at--;
      results.splice(at, 0, s);
      if (results.length > opt.maxCitations) results.pop();
    }
  }
  // With a word the corpus lacks, half is not enough: one known name beside one unknown word
  // ("How old is Witkoff?") is a question about the unknown word.
  const covered =
    groups.length > 0 &&
    ((unknown.length > 0 ? maxCoverage > opt.minCoverage + 1e-9 : maxCoverage >= opt.minCoverageAllKnown) || mostIdeas >= opt.minCoverageManyIdeas);
  subject.sort((a, b) => b.importance - a.importance || a.start - b.start);
  const labels = [...new Set(subject.map((x) => x.label))];
  return { results, covered, unknown, subject: labels, terms };
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

/**
 * Answers a question from the index: the best passages when the corpus covers it,
 * otherwise a plain "not covered" with topics to try instead.
 */
export function answerQuestion(
  question: string,
  index: PassageIndex,
  lexicon: Lexicon,
  topics: string[],
  opt: RankingOptions = DEFAULT_RANKING,
  speller?: SpellChecker,
): Answer {
  const ranking = rank(question, index, lexicon, opt, speller);
  const lang = detectLanguage(question);
  if (!ranking.covered) {
    const lead = refusalLead(lang, ranking.unknown.map((s) => question.slice(s.start, s.end)));
    const suggestions = topics.slice(0, 10);
    return { kind: 'not-covered', question, lead, suggestions, text: refusalText(lang, lead, suggestions) };
  }
  const citations = ranking.results.map((r) => citationFor(index, r.order, r.score, ranking.terms));
  return quotedAnswer(question, lang, leadFor(question, lang, ranking.subject, citations, index.documents), citations);
}
