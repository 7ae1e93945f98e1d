/**
 * Which of the bot's languages a message is written in. Part of understanding the message, so it
 * lives with the language stage; the wording stage writes answers in the language found here.
 */
import languageWords from '../data/language-words.json' with { type: 'json' };

/** Languages the bot answers in. Quotes always stay in their document's language. */
export type Lang = 'en' | 'uk' | 'ru';

// Letters only Ukrainian uses among Cyrillic alphabets; Russian-only letters.
const UKRAINIAN = /[іїєґІЇЄҐ]/u;
const RUSSIAN = /[ыэъёЫЭЪЁ]/u;
const CYRILLIC = /\p{Script=Cyrillic}/u;
const WORDS = { uk: new Set(languageWords.uk), ru: new Set(languageWords.ru) };

/**
 * The language to answer a message in: Ukrainian or Russian when it is written in Cyrillic, else
 * English. The letters only one of them uses decide; without them, the common words only one of
 * them uses (a data list); Ukrainian when neither shows.
 *
 * @example detectLanguage('Що буде з Кримом?') // 'uk'
 */
export function detectLanguage(text: string): Lang {
  if (!CYRILLIC.test(text)) return 'en';
  const uk = UKRAINIAN.test(text);
  const ru = RUSSIAN.test(text);
  if (uk !== ru) return uk ? 'uk' : 'ru';
  let score = 0;
  for (const word of text.toLowerCase().match(/\p{L}+/gu) ?? []) score += (WORDS.uk.has(word) ? 1 : 0) - (WORDS.ru.has(word) ? 1 : 0);
  return score < 0 ? 'ru' : 'uk';
}

