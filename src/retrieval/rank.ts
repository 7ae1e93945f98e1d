/**
 * Ranking: scores every passage against the analysed question (term weights, coverage of the
 * question's ideas, proximity) and says whether the corpus covers the question at all.
 */
import { analyse, ANSWER_TYPES, hasAnswerType, OFFTOPIC, type QueryGroup } from './analyse.js';
import type { Lexicon } from '../language/lexicon.js';
import type { PassageIndex, Scratch } from './search-index.js';
import { commonEnglishRank, englishRanks, type SpellChecker } from '../language/spell.js';
import type { Span } from '../types.js';
import { DEFAULT_RANKING, type RankingOptions } from './options.js';

/** A scored passage. */
interface Scored {
  order: number;
  score: number;
  coverage: number;
  /** How many of the question's ideas the passage matches. */
  ideas: number;
}

/** The outcome of ranking, before wording. */
export interface Ranking {
  /** The passages worth quoting, best first (ties broken by reading order). */
  results: Scored[];
  /** Whether the question's ideas are in the corpus well enough to quote. */
  covered: boolean;
  /** Spans of the question whose words the corpus lacks entirely. */
  unknown: Span[];
  /** Those of them matched only through word similarity. */
  similar: Span[];
  /** Labels of what the question asked about, most specific first. */
  subject: string[];
  /** Every index term the question matched through (for highlighting). */
  terms: Set<string>;
  /** Sentences of the message around the question that name nothing the documents know (see `asides`). */
  asides: Span[];
}


/** Whether the words at [start, end) of a question are a name: capitalised past its first word, or an acronym. */
export function isNameAt(question: string, start: number, end: number): boolean {
  const raw = question.slice(start, end);
  return (raw.length > 1 && raw === raw.toUpperCase() && /\p{Lu}/u.test(raw)) || (start > 0 && /^\p{Lu}/u.test(raw)) || (/\p{N}/u.test(raw) && /\p{L}/u.test(raw));
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

/**
 * Ideas in a sentence of the message that names nothing the documents know, beside a sentence that
 * does: talk around the question ("NATO stuff? my boss wants to know", "…? thx in advance"). They
 * neither count towards coverage nor name a missing subject; the question is the other sentence.
 */
function asides(question: string, groups: QueryGroup[], index: PassageIndex): { groups: Set<QueryGroup>; spans: Span[] } {
  const none = { groups: new Set<QueryGroup>(), spans: [] };
  const ends = [...question.matchAll(/[.?!…]+(?=\s|$)/gu)].map((m) => m.index! + m[0].length);
  if (ends.length === 0 || ends[ends.length - 1]! < question.trimEnd().length) ends.push(question.length);
  if (ends.length < 2) return none;
  const sentenceOf = (g: QueryGroup): number => ends.findIndex((e) => g.start < e);
  // The documents' own words or a lexicon concept: a dictionary synonym ("see" → "understand") is
  // too loose to make a sentence of chat part of the question.
  const knows = (g: QueryGroup): boolean => !g.weak && (g.phrase.some((t) => index.df.has(t)) || (g.concepts.length > 0 && [...g.alternatives.keys()].some((t) => index.df.has(t))));
  // The question is the sentence that names what the documents know; failing that, the one that
  // asks ("…the referendum? thx in advance").
  let knowing = new Set(groups.filter(knows).map(sentenceOf));
  if (knowing.size === 0) knowing = new Set(ends.flatMap((end, i) => (/\?\s*$/u.test(question.slice(0, end)) ? [i] : [])));
  if (knowing.size === 0 || knowing.size === ends.length) return none;
  const spans = ends.flatMap((end, i) => (knowing.has(i) ? [] : [{ start: i === 0 ? 0 : ends[i - 1]!, end }]));
  return { groups: new Set(groups.filter((g) => !knowing.has(sentenceOf(g)))), spans };
}

/** A condition in a question: "if", "should Russia…", "in case", "in the event". */
const CONDITIONAL = /\b(?:if|unless|should|in case|in the event|whenever)\b|(?:^|[^\p{L}])(?:якщо|если|коли|когда)(?=[^\p{L}]|$)/iu;

/**
 * The terms of each party the question names, in the question's order: an idea written as a name
 * ("Kyiv", "Russia", "NATO"), with the terms its own words and their spellings match.
 */
function actorTerms(question: string, groups: QueryGroup[], index: PassageIndex, aside: Set<QueryGroup>): Set<string>[] {
  const out: Set<string>[] = [];
  for (const g of groups) {
    if (g.weak || aside.has(g) || !/^\p{Lu}/u.test(question.slice(g.start, g.end)) || g.concepts.length === 0) continue;
    const terms = new Set([...g.phrase, ...[...g.alternatives].filter(([, w]) => w >= 0.8).map(([t]) => t)].filter((t) => index.df.has(t)));
    if (terms.size > 0 && !out.some((o) => [...terms].some((t) => o.has(t)))) out.push(terms);
  }
  return out;
}

/** Whether passage `d` names two of the parties in the opposite order to the question's. */
function reversed(index: PassageIndex, d: number, actors: Set<string>[]): boolean {
  const tokens = index.tokensOf(d);
  const first = actors.map((terms) => tokens.findIndex((t) => terms.has(t.term)));
  for (let i = 0; i < first.length; i++) for (let j = i + 1; j < first.length; j++) if (first[i]! >= 0 && first[j]! >= 0 && first[i]! > first[j]!) return true;
  return false;
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
  const similar: Span[] = [];
  const everydayUnknown: Span[] = [];
  // Everyday words count as talk only around two or more ideas the documents know: "how old is
  // Witkoff?" asks about one known name's unknown attribute.
  const knownIdeas = groups.filter((g) => !g.weak && (g.phrase.some((t) => index.df.has(t)) || [...g.alternatives.keys()].some((t) => index.df.has(t)))).length;
  const subject: { label: string; importance: number; start: number }[] = [];
  const aside = asides(question, groups, index);
  for (const g of groups) {
    if (aside.groups.has(g)) continue;
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
    // A word only general similarity finds is still a word the documents lack: it weighs as one,
    // and its near words earn only part of its credit.
    let importance = knownIdf.length && !g.similar ? Math.max(...knownIdf) : index.rareIdf;
    // Rare in this corpus is not the same as informative: a word among the commonest of English
    // that names no concept of the domain ("become", "help") frames a question more than it says
    // what it is about.
    if (knownIdf.length > 0 && g.concepts.length === 0 && g.words.every((w) => (common.get(w) ?? Infinity) < opt.commonWordRank)) importance *= opt.commonWordFactor;
    // So does an everyday word the documents lack ("heard", "paper", "anywhere" in a chat message):
    // it is named if the question is declined, but it does not decide that alone.
    const everyday = knownIdeas >= 2 && knownIdf.length === 0 && !fuzzyHit && !g.weak && !isNameAt(question, g.start, g.end) && g.words.every((w) => (englishRanks().get(w) ?? Infinity) < opt.everydayWordRank && !OFFTOPIC.has(w));
    if (everyday) importance *= opt.everydayFactor;
    if ((knownIdf.length === 0 && !fuzzyHit && !g.weak) || g.similar) unknown.push({ start: g.start, end: g.end });
    if (everyday) everydayUnknown.push({ start: g.start, end: g.end });
    if (g.similar) similar.push({ start: g.start, end: g.end });
    const counts = !g.weak || allWeak;
    if (counts) importanceTotal += importance;
    if (!g.weak && (knownIdf.length > 0 || fuzzyHit)) {
      const label = g.concepts.length ? lexicon.concepts[g.concepts[0]!]!.label : question.slice(g.start, g.end);
      subject.push({ label, importance, start: g.start });
    }
    // On a long document a word many passages share ("Ukraine" in a plan for Ukraine) says little
    // about which passage is meant: its score is damped by how common it is there.
    const distinct = opt.idfPower > 0 ? Math.min(1, importance / index.rareIdf) ** opt.idfPower : 1;
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
      total[d]! += gw * Math.max(ownAcc[d]!, alt[d]!) * distinct;
      if (counts) coverage[d]! += importance * Math.max(hits[d]! / phraseLength, credit[d]!);
    }
  }
  const asked = ANSWER_TYPES.flatMap(([type, re], k) => (re.test(question) ? [{ type, k }] : []));
  const actors = CONDITIONAL.test(question) ? actorTerms(question, groups, index, aside.groups) : [];
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
    // "If Kyiv attacks Russia" is not answered by "if Russia invades Ukraine": a condition keeps its direction.
    // A passage states its condition as a clause ("if Russia invades Ukraine") or a noun ("a Russian
    // invasion of Ukraine"): either way, the parties' order says who acts on whom.
    if (actors.length >= 2 && reversed(index, d, actors)) typed *= opt.reversedWeight;
    // A summary yields to the operative text it summarises (and an older version to the newest).
    total[d] = total[d]! * typed * (0.5 + 0.5 * cov) * index.weights[d]! * (index.secondary[d] ? opt.summaryWeight : 1);
    coverage[d] = cov;
    if (cov > maxCoverage) maxCoverage = cov;
    if (sc.ideas[d]! >= Math.max(opt.minIdeas, unknown.length - everydayUnknown.length) && cov > mostIdeas) mostIdeas = cov;
    if (best < 0 || total[d]! > total[best]! || (total[d] === total[best] && d < best)) best = d;
  }
  const results: Scored[] = best >= 0 ? [{ order: best, score: total[best]!, coverage: coverage[best]!, ideas: sc.ideas[best]! }] : [];
  if (best >= 0) {
    // The best passage, then the next best that cover enough of the question, kept in order.
    const floor = total[best]! * opt.minRelativeScore;
    for (let i = 0; i < touched; i++) {
      const d = queryList[i]!;
      if (d === best || coverage[d]! < opt.minCitationCoverage || total[d]! < floor) continue;
      const last = results[results.length - 1]!;
      if (results.length >= opt.maxCitations && !(total[d]! > last.score || (total[d] === last.score && d < last.order))) continue;
      const s = { order: d, score: total[d]!, coverage: coverage[d]!, ideas: sc.ideas[d]! };
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
  return { results, covered, unknown, similar, subject: labels, terms, asides: aside.spans };
}
