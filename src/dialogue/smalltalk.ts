/**
 * Small talk: greetings, thanks, questions about the bot itself, and everyday chat that has nothing
 * to do with the plan each get a short, friendly reply in the asker's language, with example
 * questions. None of them ever quotes a document.
 */
import { chatList, type SmalltalkKind } from '../language/message.js';
import { tokenize } from '../language/normalise.js';
import type { Answer } from '../types.js';
import { say } from '../wording/strings.js';
import { type Lang } from '../language/lang.js';

const OFFTOPIC = new Set(chatList('offtopic'));
const MENTIONS_OFFTOPIC = new RegExp(`(?<![\\p{L}])(?:${[...OFFTOPIC].join('|')})(?![\\p{L}])`, 'iu');

/**
 * Whether a question is everyday chat (weather, sport, lunch): it names such a thing, and no other
 * word of it is one the documents know (`known`), framing aside.
 */
export function isOffTopic(question: string, known: (term: string) => boolean): boolean {
  if (!MENTIONS_OFFTOPIC.test(question)) return false;
  const words = tokenize(question).filter((t) => !t.stop && !t.weak);
  return words.some((t) => OFFTOPIC.has(t.word)) && !words.some((t) => !OFFTOPIC.has(t.word) && known(t.term));
}

/**
 * The reply to small talk.
 *
 * @example smalltalkAnswer('thanks!', 'thanks', 'en', 'the AP summary of the draft (Nov 20)', ['What does the plan say about NATO?'])
 */
export function smalltalkAnswer(question: string, kind: SmalltalkKind, lang: Lang, doc: string, examples: string[]): Answer {
  const lead = say(lang, `smalltalk.${kind}`, { doc });
  const text = `${lead}\n${say(lang, 'smalltalk.examples', { examples: examples.map((e) => `"${e}"`).join(', ') })}`;
  return { kind: 'smalltalk', question, lead, text, examples };
}
