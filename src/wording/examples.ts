/** The example questions and commands that help shows, in the asker's language. */
import type { Lang } from '../language/lang.js';
import { say } from './strings.js';

/** Example questions shown in help, in the asker's language, then the commands. */
export function examples(lang: Lang = 'en'): string[] {
  return [...say(lang, 'help.questions').split('|'), 'clause 7.2', 'topics', 'sources'];
}
