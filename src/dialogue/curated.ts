/**
 * The curation step of {@link PlanBot.ask}: a question is rewritten by the curation's aliases before it
 * is ranked, and a pinned passage goes first. The ranking itself is untouched: an alias only changes
 * the words it is given, and a pin only reorders (and, for a question the ranking declines, supplies)
 * the quotes. An answer shaped by curation says so (`curated`).
 */
import { applyCuration, type Curation } from '../corpus/curation.js';
import type { Lexicon } from '../language/lexicon.js';
import { languageOf } from '../language/message.js';
import { terms } from '../language/normalise.js';
import type { SpellChecker } from '../language/spell.js';
import { answerQuestion } from '../retrieval/answer.js';
import { citationFor } from '../retrieval/citations.js';
import type { RankingOptions } from '../retrieval/options.js';
import type { PassageIndex } from '../retrieval/search-index.js';
import { leadFor, quotedAnswer } from '../wording/present.js';
import type { Answer, Citation } from '../types.js';

/** What the step reads of the bot. */
export interface CuratedSource {
  readonly index: PassageIndex;
  readonly lexicon: Lexicon;
  readonly ranking: RankingOptions;
  readonly topicLabels: string[];
  readonly speller: SpellChecker;
  readonly curation: Curation;
}

/**
 * Answers a question with the curation applied; exactly the plain answer when no entry matches.
 *
 * @example answerCurated(bot, 'What about the Geneva cap?') // quotes plan-article:7.1, curated: [{ kind: 'alias', phrase: 'Geneva cap' }]
 */
export function answerCurated(src: CuratedSource, question: string): Answer {
  const curated = applyCuration(question, src.curation);
  if (curated.used.length === 0) return answerQuestion(question, src.index, src.lexicon, src.topicLabels, src.ranking, src.speller);
  const base = answerQuestion(curated.text, src.index, src.lexicon, src.topicLabels, src.ranking, src.speller);
  let answer: Answer = base;
  const pinned = curated.pinned.map((id) => src.index.byId.get(id)).filter((p) => p !== undefined);
  if (pinned.length > 0) {
    const ranked = base.kind === 'answered' ? base.citations : [];
    // A pinned passage the ranking also found keeps its score and highlights; otherwise its words that the question shares are highlighted.
    const matched = new Set(terms(curated.text));
    const first = pinned.map((p) => ranked.find((c) => c.id === p.id) ?? citationFor(src.index, p.order, 0, matched));
    const rest = ranked.filter((c) => !curated.pinned.includes(c.id));
    const citations: Citation[] = [...first, ...rest].slice(0, Math.max(src.ranking.maxCitations, first.length));
    const lang = languageOf(question);
    const lead = base.kind === 'answered' ? base.lead : leadFor(question, lang, [], citations, src.index.documents);
    answer = quotedAnswer(question, lang, lead, citations);
  }
  // The answer echoes the question as asked, not as rewritten.
  return answer.kind === 'answered' || answer.kind === 'not-covered' ? { ...answer, question, curated: curated.used } : answer;
}
