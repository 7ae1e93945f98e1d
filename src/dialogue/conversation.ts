/**
 * Follow-ups: a message in a conversation read against the turn before it. "tell me more" shows the
 * whole paragraphs of the previous citations, "source?" their documents, and a question with no subject
 * of its own ("and for Russia?") borrows the previous question's. Everything here is plain data, so that
 * an adapter can rebuild the previous turn after a restart and the CLI REPL can keep it in a variable.
 */
import { citationFor } from '../retrieval/citations.js';
import { quotedAnswer } from '../wording/present.js';
import type { PassageIndex } from '../retrieval/search-index.js';
import followupData from '../data/followups.json' with { type: 'json' };
import type { Answer, Citation, SourceInfo, Span } from '../types.js';
import { say } from '../wording/strings.js';
import { detectLanguage } from '../language/lang.js';
import type { Lexicon } from '../language/lexicon.js';
import { tokenize } from '../language/normalise.js';
import { bundledLexicon, namesOwnSubject, subjectWords } from './subject.js';
import { explain, type Explainer } from './why.js';

/** Who is asking, from where: lets the core apply per-user limits the same way on every surface. */
export interface AskContext {
  /** A stable id of the asker, e.g. `slack:T123:U456` or `discord:789`. */
  user?: string;
  /** The surface the question came from: `cli`, `slack`, `discord`. */
  surface?: string;
  /** The conversation's previous turn, when the question is asked in one (a thread, the REPL). */
  previous?: Previous | undefined;
  /** The user's rate-limit verdict, already taken from shared state (`src/state/`); replaces the in-process limiter. */
  limit?: { allowed: boolean; retryAfterMs: number };
}

/** What the conversation stage reads of the bot: its passages, its documents' sources, and (for `why?`) its lexicon, curation and answers. */
export interface ConversationCorpus extends Explainer {
  readonly index: PassageIndex;
  readonly sources: SourceInfo[];
}

/** Anything that answers a question in context: the bot, as {@link converse} sees it. */
export interface Asker {
  ask(text: string, context?: AskContext): Answer;
}

/**
 * The turn a follow-up refers to: the subject as words the bot knows, and the ids the last answer
 * cited. The question as typed only where it may be kept (`STORE_QUESTION_TEXT`; the CLI REPL); a
 * follow-up then borrows its whole frame ("how big can the army be, Russia?").
 */
export interface Previous {
  question?: string | undefined;
  subject: string[];
  citationIds: string[];
  /**
   * The last question asked, answered or declined, as the bot read it (an elliptical one completed):
   * what `why?` explains. Absent in turns stored before `why?` existed; `question` stands in.
   */
  asked?: string;
  /**
   * What the documents lacked, when the last question was declined (the missing subject, as the
   * refusal named it): lets `why?` explain a refusal where the question's text is not kept.
   */
  declined?: string[];
}

/** What a message means in a conversation. */
export type FollowUp = { kind: 'more' } | { kind: 'source' } | { kind: 'why' } | { kind: 'elliptical'; rest: string } | { kind: 'none' };

/** The follow-up word lists (`src/data/followups.json`). */
export const FOLLOWUPS = {
  more: new Set(followupData.more),
  source: new Set(followupData.source),
  why: new Set(followupData.why),
  // Longest first, so "and what about" wins over "and".
  connectors: [...followupData.connectors].sort((a, b) => b.length - a.length),
  polite: new Set(followupData.polite),
  maxEllipticalWords: followupData.maxEllipticalWords,
};

/** The words as typed (apostrophes folded away, punctuation to spaces), polite words dropped. */
function typedWords(text: string): string[] {
  return text
    .replace(/['’‘`]/g, '')
    .replace(/[^\p{L}\p{N}\s.:-]/gu, ' ')
    .replace(/[.:-](?!\d)/g, ' ')
    .split(/\s+/)
    .filter((w) => w !== '' && !FOLLOWUPS.polite.has(w.toLowerCase()));
}

/**
 * Reads a message as a follow-up. Only whole messages count ("more" does, "more about NATO" does not),
 * and an elliptical question must start with a connector and stay short.
 *
 * @example classifyFollowUp('and for Russia?') // { kind: 'elliptical', rest: 'Russia' }
 */
export function classifyFollowUp(text: string): FollowUp {
  const typed = typedWords(text);
  const joined = typed.join(' ').toLowerCase();
  if (joined === '') return { kind: 'none' };
  if (FOLLOWUPS.more.has(joined)) return { kind: 'more' };
  if (FOLLOWUPS.source.has(joined)) return { kind: 'source' };
  if (FOLLOWUPS.why.has(joined)) return { kind: 'why' };
  const connector = FOLLOWUPS.connectors.find((c) => joined.startsWith(`${c} `));
  if (!connector || typed.length > FOLLOWUPS.maxEllipticalWords) return { kind: 'none' };
  // The rest keeps the asker's capitals ("Russia"), since it is echoed in the answer's lead.
  const rest = typed.slice(connector.split(' ').length).join(' ');
  return rest ? { kind: 'elliptical', rest } : { kind: 'none' };
}

/** The paragraph (`plan-article:7`) a passage id belongs to. */
function paragraphOf(id: string): string {
  return id.replace(/\.\d+$/, '');
}

/** One citation quoting a whole paragraph, with the previously cited clauses highlighted. */
function paragraphCitation(bot: ConversationCorpus, paragraphId: string, cited: ReadonlySet<string>): Citation | undefined {
  const passages = bot.index.passages.filter((p) => paragraphOf(p.id) === paragraphId);
  if (passages.length === 0) return undefined;
  const first = passages[0]!;
  const last = passages[passages.length - 1]!;
  const doc = bot.index.documents.get(first.documentId)!;
  const base = citationFor(bot.index, first.order, 1, new Set());
  const highlights: Span[] = passages.filter((p) => cited.has(p.id)).map((p) => ({ start: p.start - first.start, end: p.end - first.start }));
  const quote = doc.text.slice(first.start, last.end);
  // The paragraph is its own "sentence": renderers show it whole, with the earlier clauses highlighted.
  return { ...base, id: paragraphId, quote, highlights, sentence: quote, offsets: { start: 0, end: quote.length } };
}

function nothingBefore(question: string, lang: ReturnType<typeof detectLanguage>): Answer {
  const lead = say(lang, 'followup.nothingBefore');
  return { kind: 'not-covered', question, lead, suggestions: [], subject: [], searched: [], text: lead };
}

/** "tell me more": the whole paragraphs of the previous citations, in the order they were cited. */
function more(bot: ConversationCorpus, question: string, previous: Previous): Answer {
  const lang = detectLanguage(question);
  const cited = new Set(previous.citationIds);
  const paragraphs = [...new Set(previous.citationIds.map(paragraphOf))];
  const citations = paragraphs.map((p) => paragraphCitation(bot, p, cited)).filter((c): c is Citation => c !== undefined);
  if (citations.length === 0) return nothingBefore(question, lang);
  const lead = say(lang, citations.length === 1 ? 'followup.more.one' : 'followup.more.many', { n: citations.length });
  return quotedAnswer(question, lang, lead, citations);
}

/** "source?": the documents the previous citations come from. */
function source(bot: ConversationCorpus, question: string, previous: Previous): Answer {
  const lang = detectLanguage(question);
  const ids = new Set(previous.citationIds.map((id) => id.slice(0, id.indexOf(':'))));
  const sources: SourceInfo[] = bot.sources.filter((s) => ids.has(s.id));
  if (sources.length === 0) return nothingBefore(question, lang);
  const lead = say(lang, 'followup.source');
  const text = [lead, ...sources.map((s) => `- ${s.title}. ${s.source}, ${s.date}${s.url ? `, ${s.url}` : ''}`)].join('\n');
  return { kind: 'sources', question, lead, sources, text };
}

/** What an elliptical follow-up borrows: the question as typed when kept, else its subject's words. */
function frameOf(previous: Previous): string {
  return (previous.question ?? previous.subject.join(' ')).replace(/[\s?!.]+$/u, '');
}

/**
 * The follow-up stage of {@link PlanBot.ask}: an answer of its own ("more", "source?"), a question
 * rewritten to carry the previous subject, or undefined when the message stands on its own.
 */
export function followUp(bot: ConversationCorpus, question: string, previous: Previous): Answer | string | undefined {
  const f = classifyFollowUp(question);
  switch (f.kind) {
    case 'more':
      return more(bot, question, previous);
    case 'source':
      return source(bot, question, previous);
    case 'why':
      // Where the question's text is not kept (STORE_QUESTION_TEXT off), its known words stand in.
      return explain(bot, question, previous.asked ?? (previous.question || undefined) ?? (previous.declined?.length ? previous.declined.join(' and ') : undefined) ?? (previous.subject.length ? previous.subject.join(' ') : undefined));
    case 'elliptical':
      return ellipticalQuestion(bot, previous, f.rest);
    case 'none':
      return undefined;
  }
}

/** An elliptical question completed with the previous subject: "NATO?" + "Russia" → "NATO, Russia?". */
/**
 * An elliptical message read against the previous turn: "and for Russia?" borrows its frame; a
 * message naming its own subject ("what about sanctions?") is a new question, asked as typed.
 */
function ellipticalQuestion(bot: Pick<ConversationCorpus, 'index' | 'lexicon'> | undefined, previous: Previous, rest: string): string | undefined {
  const frame = frameOf(previous);
  if (!frame) return undefined;
  return bot && namesOwnSubject(bot, rest) ? undefined : `${frame}, ${rest}?`;
}

/**
 * The conversation's state after an answer: a new subject when a standalone question (or a "what
 * about X?" naming its own) was answered; the same subject with the new citations after an elliptical
 * one; unchanged after "more", "source?", "why?" or anything not a question. A refusal keeps the
 * subject (so that "tell me more" still means the last real answer) but becomes the question `why?`
 * explains. The subject is kept as the words the lexicon or the cited passages know.
 */
export function nextPrevious(text: string, answer: Answer, previous: Previous | undefined, lexicon: Lexicon = bundledLexicon()): Previous | undefined {
  const f = previous ? classifyFollowUp(text) : { kind: 'none' as const };
  if (f.kind === 'more' || f.kind === 'source' || f.kind === 'why') return previous;
  const cited = new Set(answer.kind === 'answered' ? answer.citations.flatMap((c) => tokenize(c.quote).map((t) => t.term)) : []);
  const borrows = f.kind === 'elliptical' && previous !== undefined && frameOf(previous) !== '' && !namesOwnSubject({ index: { df: cited }, lexicon }, f.rest);
  const asked = borrows && f.kind === 'elliptical' ? `${frameOf(previous!)}, ${f.rest}?` : answer.question;
  if (answer.kind === 'not-covered') {
    return { ...(previous?.question !== undefined ? { question: previous.question } : {}), subject: previous?.subject ?? [], citationIds: previous?.citationIds ?? [], asked, declined: answer.subject };
  }
  if (answer.kind !== 'answered' || answer.citations.length === 0) return previous;
  const citationIds = answer.citations.map((c) => c.id);
  if (borrows && previous) {
    return { ...(previous.question !== undefined ? { question: previous.question } : {}), subject: previous.subject, citationIds, asked };
  }
  return { question: answer.question, subject: subjectWords(answer.question, (term) => cited.has(term), lexicon), citationIds, asked };
}

/** The outcome of one turn: the answer, and the state to pass as `previous` next time. */
export interface Turn {
  answer: Answer;
  previous: Previous | undefined;
}

/**
 * Asks within a conversation: the one API the Slack thread, the Discord thread and the CLI REPL share.
 *
 * @example
 * let state: Previous | undefined;
 * const first = converse(bot, 'What does it say about NATO?', { previous: state });
 * const next = converse(bot, 'tell me more', { previous: first.previous }); // whole paragraphs
 */
export function converse(bot: Asker, text: string, context: AskContext = {}): Turn {
  const answer = bot.ask(text, context);
  return { answer, previous: nextPrevious(text, answer, context.previous) };
}
