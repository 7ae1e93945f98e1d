import { fileURLToPath } from 'node:url';
import { answerQuestion, citationFor, citationsText, DEFAULT_RANKING, type RankingOptions } from './answer.js';
import type { CoreConfig } from './config.js';
import { compileLexicon, type Lexicon } from './lexicon.js';
import { loadCorpus } from './load.js';
import stopwordData from './data/stopwords.json' with { type: 'json' };
import { foldWord } from './normalise.js';
import { RateLimiter, type RateLimitOptions } from './rate-limit.js';
import { SpellChecker } from './spell.js';
import { PassageIndex } from './search-index.js';
import type { Answer, CorpusDocument, SourceInfo, Topic } from './types.js';
import { say } from './wording.js';

/** Options of {@link PlanBot}; every field has a default. */
export interface PlanBotOptions {
  /** Folder of corpus documents. Default: the repository's `corpus/`. */
  corpusDir: string;
  /** Longest question accepted, in characters. Default 500. */
  maxQuestionLength: number;
  /** Ranking parameters. Default {@link DEFAULT_RANKING}. */
  ranking: Partial<RankingOptions>;
  /** Per-user rate limit (questions from callers that name a `user`). Default 10 a minute. */
  rateLimit: Partial<RateLimitOptions>;
}

/** The bundled default corpus folder (`corpus/` at the repository root). */
export const DEFAULT_CORPUS_DIR = fileURLToPath(new URL('../corpus/', import.meta.url));

/** Example questions shown in help. */
export const EXAMPLES = ['What does the plan say about NATO?', 'How many soldiers can Ukraine keep?', 'Is Crimea recognized as Russian?', 'clause 7.2', 'topics', 'sources'];

// C0/C1 controls, zero-width and bidirectional formatting characters: invisible, and a way to hide words.
// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\uFEFF]/g;
// Lone surrogates cannot be encoded as UTF-8 (Slack and Discord would reject the echo).
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Cleans raw user text: invisible characters out, whitespace folded to single spaces. */
export function cleanQuestion(raw: string): string {
  return raw.replace(LONE_SURROGATE, '').replace(INVISIBLE, '').replace(/\s+/g, ' ').trim();
}

/** Who is asking, from where: lets the core apply per-user limits the same way on every surface. */
export interface AskContext {
  /** A stable id of the asker, e.g. `slack:T123:U456` or `discord:789`. */
  user?: string;
  /** The surface the question came from: `cli`, `slack`, `discord`. */
  surface?: string;
}

type Intent =
  | { kind: 'help' }
  | { kind: 'topics' }
  | { kind: 'sources' }
  | { kind: 'clause'; ref: string }
  | { kind: 'question' };

/** Recognises the bot's commands; anything else is a question. */
export function parseIntent(text: string): Intent {
  const t = text.toLowerCase().replace(/[?!.]+$/, '').trim();
  if (/^(help|usage|\?|what can (you|i) (do|ask))$/.test(t)) return { kind: 'help' };
  if (/^((list|show)( the| all)? )?topics$|^what topics( do you cover| are covered)?$/.test(t)) return { kind: 'topics' };
  if (/^((list|show)( the| all)? )?(sources|documents|docs)$|^what (sources|documents)( do you use)?$/.test(t)) return { kind: 'sources' };
  const clause = /^(?:clause|passage|para(?:graph)?|point|cite|citation|id|§)\s*:?\s*([a-z0-9-]+:\d+(?:\.\d+)?|\d+(?:\.\d+)?)$/.exec(t);
  if (clause) return { kind: 'clause', ref: clause[1]! };
  const bare = /^([a-z0-9][a-z0-9-]*:\d+(?:\.\d+)?)$/.exec(t);
  if (bare) return { kind: 'clause', ref: bare[1]! };
  return { kind: 'question' };
}

/**
 * The peace-plan bot's core: loads a corpus, indexes its passages and answers questions
 * deterministically. Platform-blind: the CLI, Slack and Discord all call {@link PlanBot.ask}.
 *
 * @example
 * const bot = PlanBot.load();
 * const answer = bot.ask('What does it say about NATO?');
 * if (answer.kind === 'answered') console.log(answer.citations[0].id);
 */
export class PlanBot {
  readonly index: PassageIndex;
  readonly lexicon: Lexicon;
  readonly options: PlanBotOptions;
  readonly ranking: RankingOptions;
  /** Topics the corpus covers, in order of first mention. */
  readonly topics: Topic[];
  /** Their labels, suggested when a question is not covered. */
  private readonly topicLabels: string[];
  readonly sources: SourceInfo[];
  private readonly limiter: RateLimiter;
  private spellChecker: SpellChecker | undefined;

  /** `docs` may be an already built index (see {@link PlanBot.withOptions}). */
  constructor(docs: CorpusDocument[] | PassageIndex, options: Partial<PlanBotOptions> = {}, lexicon: Lexicon = compileLexicon()) {
    this.options = { corpusDir: DEFAULT_CORPUS_DIR, maxQuestionLength: 500, ranking: {}, rateLimit: {}, ...options };
    this.limiter = new RateLimiter(this.options.rateLimit);
    this.ranking = { ...DEFAULT_RANKING, ...this.options.ranking };
    this.lexicon = lexicon;
    this.index = docs instanceof PassageIndex ? docs : new PassageIndex(docs);
    this.topics = this.findTopics();
    this.topicLabels = this.topics.map((t) => t.label);
    this.sources = [...this.index.documents.values()].map((d) => ({
      id: d.id,
      title: d.title,
      source: d.source,
      date: d.date,
      ...(d.url ? { url: d.url } : {}),
      passages: this.index.passages.filter((p) => p.documentId === d.id).length,
    }));
  }

  /**
   * The bot options the core's environment variables ask for; every surface builds its bot this way.
   *
   * @example
   * const bot = PlanBot.load(PlanBot.optionsFrom(parseEnv(coreEnvSchema, process.env)));
   */
  static optionsFrom(config: CoreConfig): Partial<PlanBotOptions> {
    return {
      ...(config.CORPUS_DIR ? { corpusDir: config.CORPUS_DIR } : {}),
      maxQuestionLength: config.MAX_QUESTION_LENGTH,
      ranking: { maxCitations: config.MAX_CITATIONS },
      rateLimit: { perMinute: config.RATE_LIMIT_PER_MINUTE },
    };
  }

  /**
   * This bot's corpus, index, lexicon and spelling data under other options (the corpus folder stays
   * this bot's), without indexing again: the CLI's start-up snapshot holds one loaded bot for any run.
   */
  withOptions(options: Partial<PlanBotOptions>): PlanBot {
    const bot = new PlanBot(this.index, { ...options, corpusDir: this.options.corpusDir }, this.lexicon);
    bot.spellChecker = this.spellChecker;
    return bot;
  }

  /** Loads the corpus folder and builds the bot. Throws `CorpusError` naming a bad file. */
  static load(options: Partial<PlanBotOptions> = {}): PlanBot {
    return new PlanBot(loadCorpus(options.corpusDir ?? DEFAULT_CORPUS_DIR), options);
  }

  private findTopics(): Topic[] {
    const topics: (Topic & { first: number })[] = [];
    this.lexicon.concepts.forEach((concept, i) => {
      if (!concept.topic) return;
      // A passage mentions the topic when it has every word of one of the topic's own names.
      const orders = new Set<number>();
      for (const phrase of this.lexicon.expansions[i]!.filter((e) => e.kind === 'same')) {
        if (!phrase.stems.every((s) => this.index.df.has(s))) continue;
        for (const r of this.index.search.search(phrase.stems.join(' '), { combineWith: 'AND' })) orders.add(r.id as number);
      }
      const sorted = [...orders].sort((a, b) => a - b);
      if (sorted.length) topics.push({ label: concept.label, passageIds: sorted.map((o) => this.index.passages[o]!.id), first: sorted[0]! });
    });
    return topics.sort((a, b) => a.first - b.first || (a.label < b.label ? -1 : 1)).map(({ label, passageIds }) => ({ label, passageIds }));
  }

  /**
   * Handles one message: a question, or a command (`help`, `topics`, `sources`, `clause 7.2`).
   * Never throws for any string input; the same input always gives the same answer (a caller that
   * names a `user` is also rate-limited, per user, alike on every surface).
   */
  ask(raw: string, context: AskContext = {}): Answer {
    const question = cleanQuestion(typeof raw === 'string' ? raw : '');
    if (context.user !== undefined) {
      const { allowed, retryAfterMs } = this.limiter.take(context.user);
      if (!allowed) {
        const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
        return this.invalid(
          question.slice(0, 80),
          'rate-limited',
          `You have asked ${this.limiter.options.perMinute} questions in the last minute, the most I answer per person. Please try again in ${seconds} ${seconds === 1 ? 'second' : 'seconds'}.`,
        );
      }
    }
    if (question === '') {
      const lead = 'Please ask a question about the plan.';
      return { kind: 'invalid', question, reason: 'empty', lead, text: `${lead}\n${this.help().text}` };
    }
    if (question.length > this.options.maxQuestionLength) {
      return this.invalid(
        `${question.slice(0, 80)}…`,
        'too-long',
        `That question is ${question.length} characters long; the limit is ${this.options.maxQuestionLength}. Please ask something shorter.`,
      );
    }
    if (!/[\p{L}\p{N}]/u.test(question)) return this.invalid(question, 'no-words', 'That message has no words to search for.');
    const intent = parseIntent(question);
    switch (intent.kind) {
      case 'help':
        return this.help(question);
      case 'topics':
        return this.topicsAnswer(question);
      case 'sources':
        return this.sourcesAnswer(question);
      case 'clause':
        return this.clause(intent.ref, question);
      case 'question':
        return answerQuestion(question, this.index, this.lexicon, this.topicLabels, this.ranking, this.speller);
    }
  }

  private invalid(question: string, reason: 'too-long' | 'no-words' | 'rate-limited', lead: string): Answer {
    const text = `${lead}\nFor example: "${EXAMPLES[0]}". Send "help" for more.`;
    return { kind: 'invalid', question, reason, lead, text };
  }

  /** Usage help with examples. */
  help(question = 'help'): Answer {
    const lead = say('en', 'help.lead');
    const text = [
      lead,
      'Commands: "clause <id>" shows one passage (e.g. "clause 7.2" or "clause plan-article:7.2"); "topics" lists what the corpus covers; "sources" lists its documents.',
      `Examples: ${EXAMPLES.map((e) => `"${e}"`).join(', ')}`,
    ].join('\n');
    return { kind: 'help', question, lead, examples: EXAMPLES, text };
  }

  /** The topics the corpus covers. */
  topicsAnswer(question = 'topics'): Answer {
    const lead = `The corpus covers ${this.topics.length} topics:`;
    const text = [lead, ...this.topics.map((t) => `- ${t.label} (${t.passageIds.join(', ')})`)].join('\n');
    return { kind: 'topics', question, lead, topics: this.topics, text };
  }

  /** The corpus's documents. */
  sourcesAnswer(question = 'sources'): Answer {
    const n = this.sources.length;
    const lead = `The corpus has ${n} ${n === 1 ? 'document' : 'documents'}:`;
    const text = [lead, ...this.sources.map((s) => `- ${s.id}: ${s.title}. ${s.source}, ${s.date}${s.url ? `, ${s.url}` : ''} (${s.passages} passages)`)].join('\n');
    return { kind: 'sources', question, lead, sources: this.sources, text };
  }

  /** Resolves a citation reference (`7.2`, `plan-article:7.2`, or a paragraph `7`) to its ids. */
  resolve(ref: string): string[] {
    const r = ref.toLowerCase().trim();
    const [doc, local] = r.includes(':') ? [r.slice(0, r.indexOf(':')), r.slice(r.indexOf(':') + 1)] : [undefined, r];
    return this.index.passages
      .filter((p) => (doc === undefined || p.documentId === doc) && (`${p.paragraph}.${p.passage}` === local || `${p.paragraph}` === local))
      .map((p) => p.id);
  }

  /** Shows a passage (or a paragraph's passages) by citation id. */
  clause(ref: string, question = `clause ${ref}`): Answer {
    const ids = this.resolve(ref);
    const docs = new Set(ids.map((id) => this.index.byId.get(id)!.documentId));
    if (ids.length === 0 || docs.size > 1) {
      const lead =
        ids.length === 0
          ? `No passage has the id "${ref}".`
          : `"${ref}" is in several documents: ${[...docs].map((d) => `${d}:${ref}`).join(', ')}. Use the full id.`;
      const example = this.index.passages[0]!.id;
      const suggestions = this.topicLabels.slice(0, 10);
      const text = `${lead}\nCitation ids look like ${example} (document:paragraph.passage); "topics" lists what the corpus covers.`;
      return { kind: 'not-covered', question, lead, suggestions, text };
    }
    const citations = ids.map((id) => citationFor(this.index, this.index.byId.get(id)!.order, 1, new Set()));
    const lead = ids.length === 1 ? `Passage ${ids[0]}:` : `Paragraph ${ref} has ${ids.length} passages:`;
    return { kind: 'answered', question, lead, citations, text: citationsText(lead, citations) };
  }

  /** Corrects typos against every word the bot knows; built on first use. */
  get speller(): SpellChecker {
    this.spellChecker ??= new SpellChecker([
      ...this.index.words,
      ...this.lexicon.concepts.flatMap((c) => [...c.same, ...c.related, ...c.includes]).flatMap((term) => term.split(/[\s-]+/).map(foldWord)),
      ...stopwordData.en,
      ...stopwordData.weak,
    ]);
    return this.spellChecker;
  }

  /** Every citation id, in reading order (for autocomplete). */
  get passageIds(): string[] {
    return this.index.passages.map((p) => p.id);
  }
}
