/**
 * The decision: quote the ranked passages, or decline and name what the documents lack.
 */
import { languageOf } from '../language/message.js';
import { declineAnswer, missingSubjects } from './decide.js';
import type { Lexicon } from '../language/lexicon.js';
import type { Token } from '../language/normalise.js';
import type { PassageIndex } from './search-index.js';
import type { SpellChecker } from '../language/spell.js';
import { quotedAnswer, leadFor } from '../wording/present.js';
import { synonymsOf } from '../language/synonyms.js';
import type { Answer } from '../types.js';
import { citationFor } from './citations.js';
import { DEFAULT_RANKING, type RankingOptions } from './options.js';
import { rank } from './rank.js';

const stemSets = new WeakMap<Lexicon, Set<string>>();
/** Every stem of every lexicon term ("union" of "European Union"): words the bot knows. */
function lexiconStems(lexicon: Lexicon): Set<string> {
  let set = stemSets.get(lexicon);
  if (!set) {
    set = new Set([...lexicon.byFirstStem.values()].flat().flatMap((t) => t.stems));
    stemSets.set(lexicon, set);
  }
  return set;
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
  const lang = languageOf(question);
  const absent = (t: Token): boolean =>
    !index.df.has(t.term) && !lexiconStems(lexicon).has(t.term) && !(opt.synonymWeight > 0 && synonymsOf(t.term).some((s) => index.df.has(s) && !lexicon.names.has(s)));
  // Only a question with a word the documents lack, or a capitalised name, can name a missing subject.
  // Talk around the question (a sentence naming nothing the documents know) never names a subject.
  const focus = ranking.asides.reduce((q, a) => q.slice(0, a.start) + ' '.repeat(a.end - a.start) + q.slice(a.end), question);
  const missing = !ranking.covered || ranking.unknown.length > 0 || /\s\p{Lu}/u.test(focus) ? missingSubjects(focus, ranking.unknown, absent, opt.rareWordRank) : [];
  // Whether to quote is decided on what the question asks about: a thing no document names
  // ("the G8", "a referendum") is not answered by a passage that shares its other words.
  // A missing name ("the G8") always declines. A missing rare common noun ("a multilateral pact",
  // "the enumeration") is often formal wording for what the documents say in plainer words: it
  // declines unless the best passage holds enough of the question's other ideas.
  const bestIdeas = ranking.results[0]?.ideas ?? 0;
  if (!ranking.covered || missing.some((m) => m.thing && m.specific && (m.name || bestIdeas < opt.paraphraseIdeas))) {
    return declineAnswer(question, lang, missing, [...index.documents.values()], topics);
  }
  const citations = ranking.results.map((r) => citationFor(index, r.order, r.score, ranking.terms));
  return quotedAnswer(question, lang, leadFor(question, lang, ranking.subject, citations, index.documents), citations);
}
