/**
 * Plain data types at the core's boundaries. Adapters and the CLI see only these:
 * nothing here knows about Slack, Discord or a terminal.
 */

/** Metadata every corpus document carries (validated by `load.ts`). */
export interface DocumentMeta {
  /** Short, stable id used as the prefix of every citation id, e.g. `plan-article`. */
  id: string;
  title: string;
  /** Who published it and what it is (attribution shown beside every quote). */
  source: string;
  /** Publication date, `YYYY-MM-DD` or `YYYY-MM`. */
  date: string;
  url?: string | undefined;
  /** ISO 639-1 code of the document's language; `en` by default. */
  language: string;
  /** The document's version label (`version:` in its header), e.g. `revision 2`. */
  version?: string | undefined;
  /** The id of the document this one replaces (`supersedes:`), making a version chain. */
  supersedes?: string | undefined;
  /**
   * What the document is (`role:`): the operative `text` of an agreement, a `summary` of it, or
   * `commentary` about it. Unset, a numbered document counts as text and any other as a summary.
   * Beside a text, the others yield to it (ranking option `summaryWeight`).
   */
  role?: 'text' | 'summary' | 'commentary' | undefined;
}

/** A loaded corpus document: metadata plus its verbatim text. */
export interface CorpusDocument extends DocumentMeta {
  /** The body exactly as in the file (after the metadata header). */
  text: string;
  /** The file it was read from, for error messages. */
  file: string;
}

/**
 * Where a passage sits in a numbered document (plain data): shown above a sub-item's quote so that
 * "a Ukrainian invasion of Russia cancels it" keeps what "it" is.
 */
export interface PassageContext {
  /** The point's number as the document writes it, e.g. `10` (`0`: text before the first point). */
  point?: string;
  /** The sub-item's own label (`a`, `ii`), when its marker has one. */
  item?: string;
  /** The sentence ending in ":" that introduces the sub-item, verbatim. */
  leadIn?: string;
  /** The nearest heading line above the point. */
  heading?: string;
}

/**
 * A clause-level passage: at most one sentence, an exact substring of its document.
 * `text === document.text.slice(start, end)` always holds.
 */
export interface Passage {
  /** Citation id: `<document id>:<paragraph>.<passage>`, e.g. `plan-article:7.2`. */
  id: string;
  documentId: string;
  /** 1-based paragraph number within the document. */
  paragraph: number;
  /** 1-based passage number within the paragraph. */
  passage: number;
  text: string;
  start: number;
  end: number;
  /** Position in the whole corpus (documents sorted by id, passages in reading order); the tie-break. */
  order: number;
  /** The whole sentence the passage is a clause of (absolute offsets); absent when the passage is the sentence. */
  sentence?: Span | undefined;
  /** Point, lead-in and heading, for passages of a numbered document only. */
  context?: PassageContext;
}

/** A character range `[start, end)` within a quote. */
export interface Span {
  start: number;
  end: number;
}

/** One quoted passage in an answer. */
export interface Citation {
  id: string;
  quote: string;
  documentId: string;
  documentTitle: string;
  source: string;
  date: string;
  url?: string | undefined;
  /** Relevance score, rounded to 4 decimals (higher is better). */
  score: number;
  /** Ranges of `quote` that matched the question, sorted and non-overlapping, for bolding. */
  highlights: Span[];
  /** Point, lead-in and heading of a passage of a numbered document (not part of the quote). */
  context?: PassageContext;
  /** The document's version label, when it has one. */
  version?: string;
  /** The whole sentence around the quote (the quote itself when it is a whole sentence), verbatim. */
  sentence: string;
  /** Where the quote stands in `sentence`: `sentence.slice(offsets.start, offsets.end) === quote`. */
  offsets: Span;
}

/**
 * Who published the quoted text: shown once per document at the end of an answer, however many of
 * its passages are quoted. `text` is the core's wording; `titleAt` locates the title in it, so a
 * surface can link the title to `url` without rewording the line.
 */
export interface Attribution {
  documentId: string;
  title: string;
  source: string;
  date: string;
  url?: string | undefined;
  /** The full attribution line, e.g. `Source: <title>. <source>, 2025-11-20.` */
  text: string;
  /** The title's range in `text`. */
  titleAt: Span;
}

/** A topic the corpus covers, with the passages that mention it. */
export interface Topic {
  label: string;
  /** Citation ids of the passages that mention the topic, in reading order. */
  passageIds: string[];
}

/** A document in the corpus, as listed by `sources`. */
export interface SourceInfo {
  id: string;
  title: string;
  source: string;
  date: string;
  url?: string | undefined;
  passages: number;
  /** Version label, the id it supersedes and the id that supersedes it, for documents in a version chain. */
  version?: string;
  supersedes?: string;
  supersededBy?: string;
  /** Points of a numbered document. */
  points?: number;
}

/** A curation entry an answer used (`curation.json`): an alias rewrote the question, or a pin put passages first. */
export interface CurationUse {
  kind: 'alias' | 'pin';
  phrase: string;
}

/** How one word of a question reached a quoted passage, for a `why?` follow-up. */
export interface WhyMatch {
  /** The citation id of the passage. */
  id: string;
  /** The question's word, as asked (or the curation phrase that stood for it). */
  asked: string;
  /** The passage's word, as quoted. */
  quoted: string;
  /** How they met: the same word, a lexicon concept, a WordNet synonym, a curation alias, or a pin. */
  via: 'same' | 'lexicon' | 'synonym' | 'alias' | 'pin' | 'other';
  /** The concept's label, the synonym's stem, or the curation phrase, when `via` has one. */
  through?: string;
}

/** Why a question could not be used. */
export type InvalidReason = 'empty' | 'too-long' | 'no-words' | 'rate-limited';

/**
 * The outcome of handling one question. `kind` discriminates; every variant carries `text`,
 * a complete plain-text rendering whose wording is the core's, so every surface says the same thing.
 */
export type Answer =
  | {
      kind: 'answered';
      question: string;
      /** Deterministic first line naming the question's subject, e.g. `What the summary says about NATO:`. */
      lead: string;
      citations: Citation[];
      /** One per cited document, in order of first citation. */
      attributions: Attribution[];
      text: string;
      /** The curation entries that shaped the answer; absent when none did. */
      curated?: CurationUse[];
    }
  | {
      kind: 'not-covered';
      question: string;
      lead: string;
      /** Topics the corpus does cover, to suggest instead. */
      suggestions: string[];
      /** What the question asked about that no document mentions, in the asker's words (e.g. ["G8"]). */
      subject: string[];
      /** Short names of the documents searched (e.g. "the AP summary of the draft (Nov 20)"). */
      searched: string[];
      text: string;
      /** The curation entries applied to the question; absent when none were. */
      curated?: CurationUse[];
    }
  | {
      kind: 'invalid';
      /** The question, clipped to 80 characters (and "…") when it was too long or rate-limited. */
      question: string;
      /** The asked question's real length, when `question` is clipped: what logs and records count. */
      length?: number;
      reason: InvalidReason;
      lead: string;
      text: string;
    }
  | { kind: 'topics'; question: string; lead: string; topics: Topic[]; text: string }
  | { kind: 'sources'; question: string; lead: string; sources: SourceInfo[]; text: string }
  | { kind: 'help'; question: string; lead: string; examples: string[]; text: string }
  /** A greeting, thanks, a question about the bot itself or off-topic chat: a short reply, never a quote. */
  | { kind: 'smalltalk'; question: string; lead: string; text: string; examples: string[] }
  /**
   * A `why?` follow-up: which of the explained question's words met which words of the passages quoted
   * (and through what), or, after a refusal, the subject no document mentions.
   */
  | {
      kind: 'why';
      question: string;
      lead: string;
      /** The question explained (the conversation's last one). */
      explained: string;
      answered: boolean;
      matches: WhyMatch[];
      /** After a refusal: what the documents lack, in the asker's words. */
      missing: string[];
      curated: CurationUse[];
      text: string;
    };

/** The kinds of answer, for exhaustive switches in renderers. */
export type AnswerKind = Answer['kind'];
