/**
 * The `why?` follow-up: explains the conversation's last answer from what the answer itself holds.
 * The question is answered again (answers are deterministic, so this is the answer that was given)
 * and each highlighted word of each quote is traced back to a word of the question: the same word,
 * a lexicon concept both belong to, a WordNet synonym, or a curation alias or pin. A refusal is
 * explained by the subject it names.
 */
import type { AliasEntry, Curation } from '../corpus/curation.js';
import type { Lexicon } from '../language/lexicon.js';
import { lexiconKeys } from '../language/lexicon.js';
import { languageOf } from '../language/message.js';
import { tokenize, type Token } from '../language/normalise.js';
import { synonymsOf } from '../language/synonyms.js';
import type { PassageIndex } from '../retrieval/search-index.js';
import { joinList } from '../wording/present.js';
import { say, type StringKey } from '../wording/strings.js';
import type { Answer, Citation, CurationUse, WhyMatch } from '../types.js';
import type { Lang } from '../language/lang.js';

/** What explaining reads of the bot: its passages, lexicon and curation, and a way to answer again. */
export interface Explainer {
  readonly index: PassageIndex;
  readonly lexicon: Lexicon;
  readonly curation: Curation;
  ask(text: string): Answer;
}

type WhyAnswer = Extract<Answer, { kind: 'why' }>;

const conceptStems = new WeakMap<Lexicon, Set<string>[]>();
/** Per concept, every stem of every one of its terms (in any language). */
function stemsByConcept(lexicon: Lexicon): Set<string>[] {
  let sets = conceptStems.get(lexicon);
  if (!sets) {
    sets = lexicon.concepts.map(() => new Set<string>());
    for (const terms of lexicon.byFirstStem.values()) for (const t of terms) for (const s of t.stems) sets[t.concept]!.add(s);
    conceptStems.set(lexicon, sets);
  }
  return sets;
}

/** The concept both stems belong to, if any (first in lexicon order). */
function sharedConcept(lexicon: Lexicon, asked: string, quoted: string): string | undefined {
  const sets = stemsByConcept(lexicon);
  const keys = lexiconKeys(lexicon, asked);
  const i = sets.findIndex((set) => set.has(quoted) && keys.some((k) => set.has(k)));
  return i >= 0 ? lexicon.concepts[i]!.label : undefined;
}

const words = (text: string): Token[] => tokenize(text).filter((t) => !t.stop);

/** A word of the question as the ranking saw it: typed by the asker, or put there by a curation alias. */
interface AskedWord {
  token: Token;
  /** What to call it: the word as typed, or the alias phrase. */
  typed: string;
  alias?: AliasEntry;
}

/** The question's words, then the words its aliases put in (which the ranking searched instead). */
function askedWords(q: string, aliases: AliasEntry[]): AskedWord[] {
  return [
    ...words(q).map((token) => ({ token, typed: q.slice(token.start, token.end) })),
    ...aliases.flatMap((alias) => words(alias.means).map((token) => ({ token, typed: alias.phrase, alias }))),
  ];
}

/** How one quoted word met the question: the first of same word, synonym, lexicon concept that explains it. */
function matchWord(explainer: Explainer, asked: AskedWord[], p: Token): Omit<WhyMatch, 'id' | 'quoted'> {
  const same = asked.find((a) => a.token.term === p.term);
  if (same?.alias) return { asked: same.typed, via: 'alias', through: `${same.alias.phrase} → ${same.alias.means}` };
  if (same) return { asked: same.typed, via: 'same' };
  const synonym = asked.find((a) => synonymsOf(a.token.term).includes(p.term) || synonymsOf(p.term).includes(a.token.term));
  if (synonym) return { asked: synonym.typed, via: 'synonym', through: synonym.token.term };
  for (const a of asked) {
    const label = sharedConcept(explainer.lexicon, a.token.term, p.term);
    if (label) return { asked: a.typed, via: 'lexicon', through: label };
  }
  return { asked: '', via: 'other' };
}

/** The matches of one citation: each highlighted word once, in reading order; a pinned passage says so. */
function citationMatches(explainer: Explainer, asked: AskedWord[], pins: Map<string, string>, c: Citation): WhyMatch[] {
  const passage = explainer.index.byId.get(c.id);
  const out: WhyMatch[] = [];
  const pin = pins.get(c.id);
  if (pin !== undefined) out.push({ id: c.id, asked: pin, quoted: '', via: 'pin', through: pin });
  if (!passage) return out;
  const seen = new Set<string>();
  for (const p of explainer.index.tokensOf(passage.order)) {
    if (p.stop || !c.highlights.some((h) => p.start >= h.start && p.end <= h.end) || seen.has(p.term)) continue;
    // A hyphenated word yields its parts and the whole: the whole stands for them.
    if (explainer.index.tokensOf(passage.order).some((o) => o !== p && o.start <= p.start && o.end >= p.end && o.end - o.start > p.end - p.start && !o.stop)) continue;
    seen.add(p.term);
    out.push({ id: c.id, quoted: c.quote.slice(p.start, p.end), ...matchWord(explainer, asked, p) });
  }
  return out;
}

function viaText(lang: Lang, m: WhyMatch): string {
  if (m.via === 'same' || m.via === 'pin' || m.via === 'other') return '';
  return say(lang, `why.via.${m.via}` as StringKey, { through: m.through ?? '' });
}

function lineOf(lang: Lang, m: WhyMatch): string {
  if (m.via === 'pin') return say(lang, 'why.pin', { id: m.id, through: m.through ?? '' });
  if (m.via === 'other') return say(lang, 'why.other', { id: m.id, quoted: m.quoted });
  return say(lang, 'why.match', { id: m.id, quoted: m.quoted, asked: m.asked, via: viaText(lang, m) });
}

function curatedLine(lang: Lang, curated: CurationUse[]): string[] {
  if (curated.length === 0) return [];
  return [say(lang, 'why.curated', { entries: joinList(lang, curated.map((u) => `${u.kind} ${say(lang, 'lead.quoted', { text: u.phrase })}`)) })];
}

function why(question: string, lead: string, rest: Omit<WhyAnswer, 'kind' | 'question' | 'lead' | 'text'>, lines: string[]): WhyAnswer {
  return { kind: 'why', question, lead, ...rest, text: [lead, ...lines].join('\n') };
}

/**
 * Explains the answer to `explained` (the conversation's last question) in the language of `question`
 * (the `why?` as typed). Without a question to explain, says so.
 *
 * @example explain(bot, 'why?', 'What does it say about NATO?') // matches: [{ id: 'plan-article:5.1', asked: 'NATO', quoted: 'NATO', via: 'same' }, …]
 */
export function explain(explainer: Explainer, question: string, explained: string | undefined): WhyAnswer {
  const lang = languageOf(question);
  const empty = { explained: explained ?? '', answered: false, matches: [], missing: [], curated: [] };
  if (!explained) return why(question, say(lang, 'why.nothing'), empty, []);
  const answer = explainer.ask(explained);
  const curated = answer.kind === 'answered' || answer.kind === 'not-covered' ? (answer.curated ?? []) : [];
  const q = answer.question;
  if (answer.kind === 'not-covered') {
    const subject = joinList(lang, answer.subject.map((s) => say(lang, 'lead.quoted', { text: s })));
    const lead = subject ? say(lang, 'why.declined', { question: q, subject }) : say(lang, 'why.declinedNone', { question: q });
    return why(question, lead, { ...empty, explained: q, missing: answer.subject, curated }, curatedLine(lang, curated));
  }
  if (answer.kind !== 'answered') return why(question, say(lang, 'why.notQuestion', { question: q }), { ...empty, explained: q }, []);
  const used = new Set(curated.map((u) => `${u.kind}\u0000${u.phrase}`));
  const aliases = explainer.curation.entries.filter((e): e is AliasEntry => e.kind === 'alias' && used.has(`alias\u0000${e.phrase}`));
  const pins = new Map<string, string>();
  for (const e of explainer.curation.entries) if (e.kind === 'pin' && used.has(`pin\u0000${e.phrase}`)) for (const id of e.ids) if (!pins.has(id)) pins.set(id, e.phrase);
  const asked = askedWords(q, aliases);
  const lines: string[] = [];
  const matches: WhyMatch[] = [];
  for (const c of answer.citations) {
    const found = citationMatches(explainer, asked, pins, c);
    matches.push(...found);
    lines.push(...(found.length > 0 ? found.map((m) => `- ${lineOf(lang, m)}`) : [`- ${say(lang, 'why.noWords', { id: c.id })}`]));
  }
  return why(question, say(lang, 'why.lead', { question: q }), { explained: q, answered: true, matches, missing: [], curated }, [...lines, ...curatedLine(lang, curated)]);
}
