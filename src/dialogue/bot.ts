import { answerCurated, type CuratedSource } from './curated.js';
import { assertCurationUsable, EMPTY_CURATION, readCuration, type Curation } from '../corpus/curation.js';
import { citationFor } from '../retrieval/citations.js';
import { DEFAULT_RANKING, type RankingOptions } from '../retrieval/options.js';
import type { CoreConfig } from '../runtime/config.js';
import { shortName } from '../retrieval/decide.js';
import { compileLexicon, type Lexicon } from '../language/lexicon.js';
import { assertUsable } from '../corpus/check.js';
import { classifyFollowUp, followUp, type AskContext } from './conversation.js';
import { explain } from './why.js';
import { DEFAULT_CORPUS_DIR, loadCorpus } from '../corpus/load.js';
import stopwordData from '../data/stopwords.json' with { type: 'json' };
import { foldWord } from '../language/normalise.js';
import { toQuestion } from '../language/message.js';
import { RateLimiter, type RateLimitOptions } from '../runtime/rate-limit.js';
import { SpellChecker } from '../language/spell.js';
import { joinList, quotedAnswer } from '../wording/present.js';
import { PassageIndex } from '../retrieval/search-index.js';
import { isOffTopic, smalltalkAnswer } from './smalltalk.js';
import type { Answer, CorpusDocument, SourceInfo, Topic } from '../types.js';
import { answerCompare, type CompareSource } from '../retrieval/compare.js';
import { parseIntent, pointRefOf } from '../retrieval/intent.js';
import { answerPoint, collectPoints, documentName, pointChoices, pointDocuments, type PointChoice, type PointInfo, type PointRef } from '../retrieval/points.js';
import { chainPlaces } from '../corpus/versions.js';
import { say, sayCount } from '../wording/strings.js';
import { detectLanguage, type Lang } from '../language/lang.js';
import { cleanQuestion } from '../language/clean.js';
import { examples } from '../wording/examples.js';

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
  /** Aliases and pins (`curation.json`). Default: none; {@link PlanBot.load} reads the corpus folder's. */
  curation: Curation;
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
  /** Points of the numbered documents, by document id. */
  readonly points: ReadonlyMap<string, PointInfo[]>;
  /** Numbered documents in the order `point 10` looks through them (newest version first). */
  readonly pointDocs: CorpusDocument[];
  private readonly limiter: RateLimiter;
  private spellChecker: SpellChecker | undefined;

  /** `docs` may be an already built index (see {@link PlanBot.withOptions}). */
  constructor(docs: CorpusDocument[] | PassageIndex, options: Partial<PlanBotOptions> = {}, lexicon: Lexicon = compileLexicon(), limiter?: RateLimiter) {
    this.options = { corpusDir: DEFAULT_CORPUS_DIR, maxQuestionLength: 500, ranking: {}, rateLimit: {}, curation: EMPTY_CURATION, ...options };
    this.limiter = limiter ?? new RateLimiter(this.options.rateLimit);
    this.ranking = { ...DEFAULT_RANKING, ...this.options.ranking };
    this.lexicon = lexicon;
    this.index = docs instanceof PassageIndex ? docs : new PassageIndex(docs);
    // A curation naming words or passages this corpus lacks is refused like a broken document.
    assertCurationUsable(this.options.curation, this.index.passages, this.options.corpusDir);
    this.topics = this.findTopics();
    this.topicLabels = this.topics.map((t) => t.label);
    this.points = collectPoints(this.index);
    this.pointDocs = pointDocuments(this.index.documents, this.points);
    const successor = new Map([...this.index.documents.values()].flatMap((d) => (d.supersedes ? [[d.supersedes, d.id] as const] : [])));
    this.sources = [...this.index.documents.values()].map((d) => ({
      id: d.id,
      title: d.title,
      source: d.source,
      date: d.date,
      ...(d.url ? { url: d.url } : {}),
      passages: this.index.passages.filter((p) => p.documentId === d.id).length,
      ...(d.version ? { version: d.version } : {}),
      ...(d.supersedes ? { supersedes: d.supersedes } : {}),
      ...(successor.has(d.id) ? { supersededBy: successor.get(d.id)! } : {}),
      ...(this.points.has(d.id) ? { points: this.points.get(d.id)!.length } : {}),
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
    const bot = new PlanBot(this.index, { ...options, corpusDir: this.options.corpusDir, curation: this.options.curation }, this.lexicon);
    bot.spellChecker = this.spellChecker;
    return bot;
  }

  /** Loads the corpus folder (its documents and `curation.json`) and builds the bot. Throws `CorpusError` naming a bad file. */
  static load(options: Partial<PlanBotOptions> = {}, lexicon?: Lexicon, limiter?: RateLimiter): PlanBot {
    const dir = options.corpusDir ?? DEFAULT_CORPUS_DIR;
    const docs = loadCorpus(dir);
    assertUsable(docs);
    return new PlanBot(docs, { ...options, curation: readCuration(dir) }, lexicon, limiter);
  }

  /**
   * The same bot over the corpus folder as it is now (lexicon and rate limits carried over). Throws
   * `CorpusError` when the folder no longer loads; this bot is unchanged either way.
   */
  reloaded(): PlanBot {
    return PlanBot.load(this.options, this.lexicon, this.limiter);
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
      // Topics the operative text names come first, in its order; a summary's only after them.
      const n = this.index.passages.length;
      const first = Math.min(...sorted.map((o) => (this.index.secondary[o] ? o + n : o)));
      if (sorted.length) topics.push({ label: concept.label, passageIds: sorted.map((o) => this.index.passages[o]!.id), first });
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
    const lang = detectLanguage(question);
    if (context.user !== undefined) {
      const { allowed, retryAfterMs } = context.limit ?? this.limiter.take(context.user);
      if (!allowed) {
        const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
        const wait = sayCount(lang, 'invalid.seconds', seconds);
        return this.invalid(question.slice(0, 80), 'rate-limited', say(lang, 'invalid.rateLimited', { count: this.limiter.options.perMinute, wait }), lang, question.length);
      }
    }
    if (question === '') {
      const lead = say(lang, 'invalid.empty');
      return { kind: 'invalid', question, reason: 'empty', lead, text: `${lead}\n${this.help().text}` };
    }
    if (question.length > this.options.maxQuestionLength) {
      const lead = say(lang, 'invalid.tooLong', { length: question.length, max: this.options.maxQuestionLength });
      return this.invalid(`${question.slice(0, 80)}…`, 'too-long', lead, lang, question.length);
    }
    if (!/[\p{L}\p{N}]/u.test(question)) return this.invalid(question, 'no-words', say(lang, 'invalid.noWords'), lang);
    // Follow-ups ("tell me more", "source?", "and for Russia?") read the message against the conversation's
    // previous turn, as typed (stripping chat talk would drop "and for") or stripped. They come before the
    // small-talk test, which would call a bare "more" off-topic; anything else passes through unchanged.
    const followed = context.previous
      ? (followUp(this, question, context.previous) ?? followUp(this, toQuestion(question).text, context.previous))
      : classifyFollowUp(question).kind === 'why'
        ? explain(this, question, undefined) // "why?" with nothing before it: say so rather than search for "why"
        : undefined;
    if (typeof followed === 'object') return followed;
    const message = toQuestion(followed ?? question);
    if (message.smalltalk || isOffTopic(message.text, (term) => this.index.df.has(term))) {
      const names = joinList(message.lang, this.documentNames);
      return smalltalkAnswer(question, message.smalltalk ?? 'offtopic', message.lang, names, examples(message.lang).slice(0, 3));
    }
    // The answer echoes the message as asked (a shared answer shows it); only the search used the stripped text.
    const answer = this.answerMessage(message.text, lang);
    return answer.question === message.text ? { ...answer, question } : answer;
  }

  /** A message stripped of chat talk: a command, or a question. */
  private answerMessage(question: string, lang: Lang): Answer {
    const intent = parseIntent(question);
    switch (intent.kind) {
      case 'help':
        return this.help(question, lang);
      case 'topics':
        return this.topicsAnswer(question, lang);
      case 'sources':
        return this.sourcesAnswer(question, lang);
      case 'clause':
        return this.clause(intent.ref, question, intent.point, lang);
      case 'compare':
        return answerCompare(this.compareSource, intent.topic, question, lang);
      case 'question':
        return answerCurated(this.curatedSource, question);
    }
  }

  private invalid(question: string, reason: 'too-long' | 'no-words' | 'rate-limited', lead: string, lang: Lang, length?: number): Answer {
    const text = `${lead}\n${say(lang, 'invalid.hint', { example: examples(lang)[0]! })}`;
    // The echo is clipped; its real length goes along so logs and the report do not count 81.
    return { kind: 'invalid', question, ...(length !== undefined && length !== question.length ? { length } : {}), reason, lead, text };
  }

  /** Usage help with examples, in `lang`. */
  help(question = 'help', lang: Lang = 'en'): Answer {
    const lead = say(lang, 'help.lead');
    const list = examples(lang);
    const quoted = list.map((e) => say(lang, 'lead.quoted', { text: e })).join(', ');
    const text = [lead, say(lang, 'help.commands'), say(lang, 'help.examples', { examples: quoted })].join('\n');
    return { kind: 'help', question, lead, examples: list, text };
  }

  /** The topics the corpus covers. */
  topicsAnswer(question = 'topics', lang: Lang = 'en'): Answer {
    const lead = say(lang, 'topics.lead', { count: this.topics.length });
    const text = [lead, ...this.topics.map((t) => `- ${t.label} (${t.passageIds.join(', ')})`)].join('\n');
    return { kind: 'topics', question, lead, topics: this.topics, text };
  }

  /** The corpus's documents. */
  sourcesAnswer(question = 'sources', lang: Lang = 'en'): Answer {
    const lead = say(lang, 'sources.lead', { count: this.sources.length });
    const version = (s: SourceInfo): string =>
      s.version || s.supersedes ? ` [${[s.version, s.supersedes && say(lang, 'sources.supersedes', { id: s.supersedes })].filter(Boolean).join(', ')}]` : '';
    const line = (s: SourceInfo): string =>
      say(lang, 'sources.line', { ...s, id: `${s.id}${version(s)}`, url: s.url ? `, ${s.url}` : '', passages: sayCount(lang, 'sources.passages', s.passages) });
    const lines = this.sources.map(line);
    // Each version chain, newest first: "plan-points-v2 (revision 2) → plan-points (draft 1)".
    const chains = [...new Set([...chainPlaces([...this.index.documents.values()]).values()].filter((p) => p.chain.length > 1).map((p) => p.chain))];
    for (const chain of chains) lines.push(say(lang, 'sources.chain', { chain: chain.map((id) => documentName(this.index.documents.get(id)!)).join(' → ') }));
    const text = [lead, ...lines].join('\n');
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

  /** The aliases and pins in use. */
  get curation(): Curation {
    return this.options.curation;
  }

  private get curatedSource(): CuratedSource {
    return { index: this.index, lexicon: this.lexicon, ranking: this.ranking, topicLabels: this.topicLabels, speller: this.speller, curation: this.options.curation };
  }

  private get compareSource(): CompareSource {
    return { index: this.index, points: this.points, pointDocs: this.pointDocs, lexicon: this.lexicon, ranking: this.ranking, topicLabels: this.topicLabels, speller: this.speller };
  }

  /** Points matching what a user typed, for autocomplete (`10: The American guarantee comes with conditions`). */
  pointChoices(typed: string): PointChoice[] {
    return pointChoices(this, typed);
  }

  /**
   * Shows a passage (or a paragraph's passages) by citation id. With numbered documents in the
   * corpus, a reference without a document (`point 10`, `clause 10`) means a point of the plan.
   */
  clause(ref: string, question = `clause ${ref}`, point: PointRef | undefined = pointRefOf(ref.toLowerCase().trim()), lang: Lang = detectLanguage(question)): Answer {
    if (point && this.pointDocs.length > 0) {
      const answer = answerPoint(this, point, question, lang);
      if (answer) return answer;
    }
    const ids = this.resolve(ref);
    const docs = new Set(ids.map((id) => this.index.byId.get(id)!.documentId));
    if (ids.length === 0 || docs.size > 1) {
      const lead =
        ids.length === 0 ? say(lang, 'lead.noSuchId', { ref }) : say(lang, 'lead.ambiguousId', { ref, ids: [...docs].map((d) => `${d}:${ref}`).join(', ') });
      const example = this.index.passages[0]!.id;
      const suggestions = this.topicLabels.slice(0, 10);
      const text = `${lead}\n${say(lang, 'lead.idHint', { example })}`;
      return { kind: 'not-covered', question, lead, suggestions, subject: [ref], searched: this.documentNames, text };
    }
    const citations = ids.map((id) => citationFor(this.index, this.index.byId.get(id)!.order, 1, new Set()));
    const lead = ids.length === 1 ? say(lang, 'lead.passage', { id: ids[0]! }) : say(lang, 'lead.paragraph', { ref });
    return quotedAnswer(question, lang, lead, citations);
  }

  /** The documents' short names, for small talk and refusals ("the AP summary of the draft (Nov 20)"). */
  get documentNames(): string[] {
    return [...this.index.documents.values()].map(shortName);
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
