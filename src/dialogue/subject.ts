/**
 * What a message is about, as the bot's own vocabulary sees it. A follow-up that names its own subject
 * ("what about sanctions?") is a new question; only one without ("and for Russia?") borrows the
 * conversation's. And a conversation remembers its subject as these known words, never as typed text.
 */
import { compileLexicon, lexiconKeys, type Lexicon } from '../language/lexicon.js';
import { tokenize, type Token } from '../language/normalise.js';

/** What the subject tests read of the bot: the documents' terms, and optionally its lexicon. */
export interface SubjectSource {
  readonly index: { readonly df: { has(term: string): boolean } };
  readonly lexicon?: Lexicon;
}

let bundled: Lexicon | undefined;
/** The bundled lexicon, compiled on first use (callers without a bot, such as `nextPrevious`). */
export function bundledLexicon(): Lexicon {
  return (bundled ??= compileLexicon());
}

/** The lexicon concepts whose terms (one word or a phrase) start at each token. */
function conceptsAt(lexicon: Lexicon, tokens: Token[], i: number): number[] {
  const hits = lexiconKeys(lexicon, tokens[i]!.term).flatMap((k) => lexicon.byFirstStem.get(k) ?? []);
  return hits.filter((e) => e.stems.every((st, k) => k === 0 || tokens[i + k]?.term === st)).map((e) => e.concept);
}

/**
 * Whether a message names a subject of its own: a topic concept of the lexicon ("sanctions",
 * "Crimea", "the army"), or a word the documents hold that the lexicon does not file as a party or
 * place ("Russia", "Putin" qualify a question; they do not make one). Numbers and framing words never count.
 *
 * @example namesOwnSubject(bot, 'sanctions') // true; namesOwnSubject(bot, 'Russia') // false
 */
export function namesOwnSubject(source: SubjectSource, text: string): boolean {
  const lexicon = source.lexicon ?? bundledLexicon();
  const tokens = tokenize(text).filter((t) => !t.stop);
  return tokens.some((t, i) => {
    if (t.weak || /^\p{N}+$/u.test(t.word)) return false;
    const concepts = conceptsAt(lexicon, tokens, i);
    if (concepts.length > 0) return concepts.some((c) => lexicon.concepts[c]?.topic === true);
    return source.index.df.has(t.term);
  });
}

/**
 * The words of a question that the bot's fixed vocabulary holds (the lexicon's terms, or `known`
 * terms, e.g. the cited passages'), folded, in order, once each: what a later "and for Russia?"
 * needs of it. Anything else typed (names, numbers, chatter) is not kept.
 *
 * @example subjectWords('how big can the army be, Oksana?') // ['army']
 */
export function subjectWords(text: string, known: (term: string) => boolean = () => false, lexicon: Lexicon = bundledLexicon()): string[] {
  const tokens = tokenize(text).filter((t) => !t.stop);
  const kept = new Set<number>();
  tokens.forEach((t, i) => {
    // A lexicon phrase ("frozen assets") is kept whole.
    const length = Math.max(0, ...lexiconKeys(lexicon, t.term).flatMap((k) => lexicon.byFirstStem.get(k) ?? []).filter((e) => e.stems.every((st, k) => k === 0 || tokens[i + k]?.term === st)).map((e) => e.stems.length));
    for (let k = 0; k < length; k++) kept.add(i + k);
    if (known(t.term)) kept.add(i);
  });
  const words = tokens.filter((t, i) => kept.has(i) && !t.weak && !/^\p{N}+$/u.test(t.word)).map((t) => t.word);
  return [...new Set(words)].slice(0, 12);
}
