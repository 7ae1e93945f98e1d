/**
 * Declining: when the documents do not cover a question, say what the question asked about that
 * they lack ("The summary does not mention the G8."), in the asker's words and language, and name
 * the documents searched in words a user knows ("the AP summary of the draft (Nov 20)"), never
 * "the corpus" and never a filler word.
 */
import documentData from '../data/documents.json' with { type: 'json' };
import { tokenize, type Token } from '../language/normalise.js';
import { englishRanks } from '../language/spell.js';
import type { Answer, CorpusDocument, Span } from '../types.js';
import { joinList } from '../wording/present.js';
import { say } from '../wording/strings.js';
import { type Lang } from '../language/lang.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The kind of document a document is ("summary", "statement"), from its title and source. */
export function documentKind(doc: Pick<CorpusDocument, 'title' | 'source'>): string {
  const text = `${/\(([^)]*)\)/.exec(doc.title)?.[1] ?? ''} ${doc.title} ${doc.source}`.toLowerCase();
  return documentData.kinds.find((k) => new RegExp(`\\b${k}\\b`).test(text)) ?? 'document';
}

/**
 * A short human name for a document, built from its metadata: publisher, kind, what it is of, and
 * date, e.g. "the AP summary of the draft (Nov 20)".
 */
export function shortName(doc: Pick<CorpusDocument, 'title' | 'source' | 'date'>): string {
  const kind = documentKind(doc);
  const by = /\b(?:published|reported|released|issued|written|prepared) by (?:the )?((?:\p{Lu}[\p{L}.&-]*\s?)+)/u.exec(doc.source)?.[1]?.trim();
  const owner = by ?? /^(?:The )?((?:\p{Lu}[\p{L}.&-]*\s?)+)/u.exec(doc.source)?.[1]?.trim();
  const publisher = owner && owner.split(/\s+/).length >= 2 && !/^(News|Draft|Official)\b/.test(owner) ? initials(owner) : undefined;
  const of = kind !== 'draft' && /\bdraft\b/i.test(`${doc.title} ${doc.source}`) ? ' of the draft' : '';
  const [y, m, d] = doc.date.split('-');
  const when = d ? `${MONTHS[Number(m) - 1]} ${Number(d)}` : m ? `${MONTHS[Number(m) - 1]} ${y}` : y;
  return `the ${publisher ? `${publisher} ` : ''}${kind}${of} (${when})`;
}

/** "Associated Press" → "AP"; a single word stays as it is. */
function initials(name: string): string {
  const words = name.split(/\s+/).filter((w) => /^\p{Lu}/u.test(w));
  return words.length >= 2 ? words.map((w) => w[0]).join('') : name;
}

const DETERMINERS = new Set(documentData.determiners);
const LINKS = new Set(documentData.links);

/** Whether a question word is a name: capitalised past the first word, an acronym, or a word with digits (G8). */
const isName = (question: string, t: Token, first: boolean): boolean => {
  const raw = question.slice(t.start, t.end);
  return /\p{N}/u.test(raw) && /\p{L}/u.test(raw) ? true : raw.length > 1 && raw === raw.toUpperCase() && /\p{Lu}/u.test(raw) ? true : !first && /^\p{Lu}/u.test(raw);
};

/** A phrase the question asks about that no document has: what to name, and where it stands. */
export interface MissingSubject {
  /** The words as the asker wrote them ("Board of Peace", "G8"). */
  words: string;
  /** With the asker's determiner when there was one ("the G8"), for a sentence. */
  phrase: string;
  /** Whether it reads as a thing (a name, or a word after a determiner) rather than an action. */
  thing: boolean;
  /** Whether it is a name, or has a word rare in everyday English: something specific the question is about. */
  specific: boolean;
  /** Whether it is a name (capitalised past the question's first word, an acronym, or with digits): "the G8". */
  name: boolean;
  span: Span;
}

/**
 * The subjects a question asks about that the documents lack: each unknown word grown to its
 * phrase (a name runs over its capitalised words and "of": "Board of Peace"; other words over
 * their unknown neighbours: "grain corridor").
 */
export function missingSubjects(question: string, unknown: Span[], absent: (t: Token) => boolean, rareRank = 5000): MissingSubject[] {
  // Every word, function words included (determiners and "of" shape a phrase); a hyphenated
  // compound's joined form is left out, its parts stand for it.
  const all = tokenize(question);
  const tokens = all.filter((t) => !all.some((u) => u !== t && u.start >= t.start && u.end <= t.end));
  const out: MissingSubject[] = [];
  const taken = new Set<number>();
  // Where to start: each word the documents lack, and each name (past the first word) with a
  // word no document has, framing words included ("the Board of Peace": "board" frames elsewhere).
  const starts = [
    ...unknown.map((span) => tokens.findIndex((t) => t.start >= span.start && t.end <= span.end)),
    ...tokens.flatMap((t, i) => (i > 0 && t.weak && isName(question, t, false) && absent(t) ? [i] : [])),
  ];
  // With no such thing, a framing word no document has after a determiner names it ("the board of peace").
  const framing = tokens.flatMap((t, i) => (i > 0 && t.weak && absent(t) && DETERMINERS.has(tokens[i - 1]!.word) ? [i] : []));
  for (const i of [...starts, ...framing]) {
    const framed = framing.includes(i) && !starts.includes(i);
    if (framed && out.some((m) => m.thing)) continue;
    if (i < 0 || taken.has(i)) continue;
    const name = isName(question, tokens[i]!, i === 0);
    const joins = (j: number): boolean => {
      const t = tokens[j]!;
      if (framed) return false;
      if (name) return isName(question, t, j === 0) || (LINKS.has(t.word) && j + 1 < tokens.length && isName(question, tokens[j + 1]!, false));
      return !t.stop && !t.weak && absent(t) && !isName(question, t, j === 0);
    };
    let a = i;
    let b = i;
    while (a > 0 && tokens[a - 1]!.end >= tokens[a]!.start - 1 && !tokens[a - 1]!.stop && joins(a - 1)) a--;
    while (b + 1 < tokens.length && tokens[b + 1]!.start <= tokens[b]!.end + 1 && joins(b + 1)) b++;
    if (name && LINKS.has(tokens[b]!.word)) b--;
    const det0 = a > 0 && DETERMINERS.has(tokens[a - 1]!.word);
    // A determiner's phrase runs to its noun: "a fresh offensive", "its basic law", not "a fresh".
    if (!name && !framed && det0) for (let k = 0; k < 2 && tokens[b + 1] && !tokens[b + 1]!.stop && !tokens[b + 1]!.weak && tokens[b + 1]!.start <= tokens[b]!.end + 1; k++) b++;
    // "the board of peace": a framing word's "of" phrase belongs to it.
    if (framed && tokens[b + 1]?.word === 'of' && tokens[b + 2] && !tokens[b + 2]!.stop) b += 2;
    for (let k = a; k <= b; k++) taken.add(k);
    const det = a > 0 && DETERMINERS.has(tokens[a - 1]!.word) && tokens[a - 1]!.end >= tokens[a]!.start - 1 ? tokens[a - 1] : undefined;
    const words = question.slice(tokens[a]!.start, tokens[b]!.end);
    out.push({
      words,
      phrase: det ? `${question.slice(det.start, det.end).toLowerCase()} ${words}` : words,
      thing: name || det !== undefined || (a > 0 && documentData.prepositions.includes(tokens[a - 1]!.word)),
      specific: !framed && (name || tokens.slice(a, b + 1).some((t) => !t.stop && !t.weak && absent(t) && (englishRanks().get(t.word) ?? Infinity) > rareRank)),
      name,
      span: { start: tokens[a]!.start, end: tokens[b]!.end },
    });
  }
  return out;
}

/** A document kind in the asker's language. */
function kindName(lang: Lang, kind: string): string {
  if (lang === 'en') return kind;
  return (documentData.kindNames[lang] as Record<string, string>)[kind] ?? kind;
}

/** The "not covered" answer: what is missing (when it is known), what was searched, what is covered. */
export function declineAnswer(question: string, lang: Lang, missing: MissingSubject[], docs: CorpusDocument[], topics: string[]): Answer & { kind: 'not-covered' } {
  const searched = docs.map(shortName);
  const named = missing.some((m) => m.thing || m.specific) ? missing.filter((m) => m.thing || m.specific) : missing;
  const subject = named.map((m) => m.words);
  const kinds = [...new Set(docs.map(documentKind))];
  const lead = named.length
    ? docs.length === 1 || kinds.length === 1
      ? say(lang, 'decline.subject', { kind: kindName(lang, kinds[0] ?? 'document'), subject: joinList(lang, named.map((m) => m.phrase)) })
      : say(lang, 'decline.subjectMany', { subject: joinList(lang, named.map((m) => m.phrase)) })
    : say(lang, 'decline.none', { doc: joinList(lang, searched) });
  const suggestions = topics.slice(0, 10);
  const text = [
    lead,
    ...(named.length ? [say(lang, 'decline.searched', { docs: joinList(lang, searched) })] : []),
    say(lang, 'lead.covers', { topics: suggestions.join(', ') }),
    say(lang, 'lead.try'),
  ].join('\n');
  return { kind: 'not-covered', question, lead, suggestions, subject, searched, text };
}
