/**
 * Discord message text → the plain question the core expects. Discord writes users, roles, channels,
 * custom emoji, timestamps and slash-command mentions as `<…>` markup (discord.js's
 * `FormattingPatterns`), plus `@everyone`/`@here`, `||spoilers||` and links. None of it is part of the
 * question: left in, it turns into search terms the corpus cannot have and the question is refused.
 * So it is removed, never rendered as words.
 */
import { FormattingPatterns } from 'discord.js';
import { tidyRemoved } from '../../src/language/markup.js';

/** Every markup pattern discord.js knows, global, in one pass each. */
const MARKUP = Object.values(FormattingPatterns).map((p) => new RegExp(p.source, `${p.flags.replace('g', '')}g`));
// Legacy or short ids that FormattingPatterns (17-20 digits) would leave, e.g. `<@123>` in a pasted example.
const LOOSE_MENTION = /<(?:@[!&$]?|#)\d+>/g;
const BROADCAST = /@(?:everyone|here)\b/g;
// `[label](https://…)` masked links, `<https://…>` unembedded links and bare URLs: all link, no question.
const MASKED_LINK = /\[[^\]]*\]\(\s*<?https?:\/\/[^)\s]*>?\s*\)/g;
const URL = /<?https?:\/\/[^\s>]+>?/g;
// "cc" / "fyi" right before mentions (and any other markup) that end the message only introduce them.
const MENTION_LEAD = /(?:^|\s)(?:\/?cc|fyi|ping)\s*:?\s*(?=(?:<[^<>\s]+>[\s,]*)+(?:$|[.!?]))/gi;

/**
 * Turns Discord text into a question: every mention (the bot's own included), emoji, timestamp,
 * command mention, broadcast word, link and spoiler marker removed; stranded punctuation tidied.
 *
 * @example
 * questionFromDiscord('<@123456789012345678> ||what about NATO?|| <:pepe:123456789012345678>') // 'what about NATO?'
 */
export function questionFromDiscord(content: string): string {
  let t = content.replace(MENTION_LEAD, ' ').replace(MASKED_LINK, ' ');
  for (const pattern of MARKUP) t = t.replace(pattern, ' ');
  return tidyRemoved(t.replace(LOOSE_MENTION, ' ').replace(BROADCAST, ' ').replace(URL, ' ').replace(/\|\|/g, ' '));
}
