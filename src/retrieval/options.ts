/**
 * The ranking's parameters: what each knob does, and the shipped values. Kept apart from the
 * ranking itself so that question analysis, ranking and the decision all read one definition.
 */
import { z } from 'zod';
import trained from '../data/ranking.json' with { type: 'json' };

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
  /**
   * Weight, per unit of cosine, of a corpus word near in meaning to a question word the documents
   * lack (0: off). Default 0 (off): on the blind sets it gained as many answers as it lost (README, Quality).
   */
  similarWeight: number;
  /**
   * Weight of a corpus word WordNet gives as a synonym or derivation of a question word the
   * documents lack (0: off). Default 0.8.
   */
  synonymWeight: number;
  /** Least cosine for such a word to count. Default 0.6. */
  similarFloor: number;
  /**
   * Words ranked below this in everyday English (SUBTLEX-US) are specific: a question about such a
   * thing the documents lack ("a referendum") is declined however well its other words match. Default 5000.
   */
  rareWordRank: number;
  /** A word the documents lack ranked above this in everyday English (SUBTLEX-US) is everyday talk: it weighs as a common word. Default 3000. */
  everydayWordRank: number;
  /** Importance of such an everyday word, relative to a word the documents lack. Default 0.5. */
  everydayFactor: number;
  /**
   * Weight of a summary's or commentary's passage beside the operative text (document `role`):
   * the text answers first, the summary only when it scores clearly better. Default 2/3.
   */
  summaryWeight: number;
  /**
   * Weight of a conditional passage that names the question's parties the other way round ("if
   * Russia invades Ukraine" for "what if Kyiv attacks Russia?"). Default 0.7.
   */
  reversedWeight: number;
  /** Weight of an English word a general dictionary gives for a Russian question word the documents lack (0: off). Default 0.7. */
  translationWeight: number;
  /**
   * How much a common word's score is damped beyond BM25's own idf: each idea's score is multiplied
   * by (its importance ÷ a one-passage word's)^idfPower. 0: off. Default 0.
   */
  idfPower: number;
  /**
   * A rare lowercase thing the documents lack ("a multilateral pact") declines the question unless
   * the best passage matches at least this many of its other ideas. Default 3.
   */
  paraphraseIdeas: number;
}

/** The parameters as set by hand, before training: where `npm run train` starts from. */
export const HAND_RANKING: RankingOptions = {
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
  similarWeight: 0,
  synonymWeight: 0.8,
  similarFloor: 0.6,
  rareWordRank: 5000,
  everydayWordRank: 3000,
  everydayFactor: 0.5,
  summaryWeight: 2 / 3,
  reversedWeight: 0.7,
  translationWeight: 0.7,
  idfPower: 0,
  paraphraseIdeas: 3,
};

const trainedSchema = z.object({ version: z.number().int().nonnegative(), params: z.record(z.string(), z.number().finite().nonnegative()) });

/**
 * The trained values (`src/data/ranking.json`, written by `scripts/train-ranking.ts`) over the
 * hand-set ones. A key the options do not have is an error: a renamed knob must not be dropped silently.
 */
export function trainedRanking(data: unknown, base: RankingOptions = HAND_RANKING): RankingOptions {
  const { params } = trainedSchema.parse(data);
  for (const key of Object.keys(params)) if (!(key in base)) throw new Error(`ranking.json: unknown parameter ${key}`);
  return { ...base, ...params };
}

/** The shipped ranking parameters: hand-set, then trained. */
export const DEFAULT_RANKING: RankingOptions = trainedRanking(trained);
