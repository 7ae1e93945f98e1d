/**
 * `compare army`, "what changed about the army cap?": the passage on a subject from each version of
 * the plan, newest first, so that a reader sees what a revision changed, merged, renumbered or dropped.
 */
import { answerQuestion } from './answer.js';
import { citationFor } from './citations.js';
import type { RankingOptions } from './options.js';
import { rank } from './rank.js';
import type { Lexicon } from '../language/lexicon.js';
import { quotedAnswer } from '../wording/present.js';
import { documentName, type PointSource } from './points.js';
import type { SpellChecker } from '../language/spell.js';
import type { Answer, Citation } from '../types.js';
import { chainPlaces } from '../corpus/versions.js';
import { say } from '../wording/strings.js';
import { type Lang } from '../language/lang.js';


/** Least coverage of the question's ideas for a passage to stand as a version's point on it. */
const COMPARE_MIN_COVERAGE = 0.3;

/** What comparing needs from the bot. */
export interface CompareSource extends PointSource {
  lexicon: Lexicon;
  ranking: RankingOptions;
  topicLabels: string[];
  speller?: SpellChecker;
}

const sameText = (text: string): string => text.replace(/\s+/g, ' ').trim().toLowerCase();

/** Replaces an answer's lead (and the first line of its text). */
function withLead(answer: Answer, lead: string): Answer {
  const rest = answer.text.startsWith(answer.lead) ? answer.text.slice(answer.lead.length) : `\n${answer.text}`;
  return { ...answer, lead, text: lead + rest };
}

/**
 * Compares what each version of the plan says about `topic`: for every document of the newest
 * numbered document's version chain, its best passage on the topic. A version that says the same
 * as a newer one, or nothing at all on it, is named in the lead.
 */
export function answerCompare(src: CompareSource, topic: string, question: string, lang: Lang): Answer {
  const ask = (): Answer => answerQuestion(topic, src.index, src.lexicon, src.topicLabels, src.ranking, src.speller);
  const newest = src.pointDocs[0];
  const chain = newest ? chainPlaces([...src.index.documents.values()]).get(newest.id)!.chain : [];
  if (!newest || chain.length < 2) {
    const single = ask();
    const note = say(lang, 'compare.nothing', { document: newest ? documentName(newest) : [...src.index.documents.keys()].join(', ') });
    return { ...withLead(single, `${note} ${single.lead}`), question };
  }
  // A version "has a point on" a topic only when the point covers it well: a further citation may
  // be quoted on less, but naming it as the version's point on the subject would mislead.
  const minCitationCoverage = Math.max(src.ranking.minCitationCoverage, COMPARE_MIN_COVERAGE);
  const ranking = rank(topic, src.index, src.lexicon, { ...src.ranking, maxCitations: src.index.passages.length, minRelativeScore: 0, minCitationCoverage }, src.speller);
  if (!ranking.covered || ranking.results.length === 0) return { ...ask(), question };
  const citations: Citation[] = [];
  const notes: string[] = [];
  const chosen: { doc: string; text: string }[] = [];
  for (const id of chain) {
    const doc = src.index.documents.get(id)!;
    const best = ranking.results.find((r) => src.index.passages[r.order]!.documentId === id);
    const own = src.index.passages.filter((p) => p.documentId === id);
    const repeated = chosen.find((c) => own.some((p) => sameText(p.text) === c.text));
    // Word for word what a newer version's match says: that is this version's match too.
    if (repeated) {
      notes.push(say(lang, 'compare.unchanged', { document: documentName(doc), newer: documentName(src.index.documents.get(repeated.doc)!) }));
      continue;
    }
    if (!best || best.score === 0) {
      notes.push(say(lang, 'compare.absent', { document: documentName(doc) }));
      continue;
    }
    const passage = src.index.passages[best.order]!;
    chosen.push({ doc: id, text: sameText(passage.text) });
    citations.push(citationFor(src.index, best.order, best.score, ranking.terms));
  }
  const subject = topic.charAt(0).toUpperCase() + topic.slice(1);
  const lead = [say(lang, 'compare.lead', { subject, count: chain.length }), ...notes].join(' ');
  return quotedAnswer(question, lang, lead, citations);
}
