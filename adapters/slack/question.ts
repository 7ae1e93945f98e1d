/**
 * Slack message text → the plain question the core expects. Slack sends mentions, channels, user
 * groups, links and dates as `<…>` markup, emoji as `:name:` and escapes `&`, `<`, `>`. None of that
 * is part of the question: turned into words ("cc U123ABC", "apnews.com"), it becomes search terms the
 * corpus cannot have, and the question is refused. So markup is removed, never rendered.
 */
import { tidyRemoved } from '../../src/language/markup.js';

// Any `<…>` span: users (`<@U…>`), channels (`<#C…|name>`), user groups (`<!subteam^S…|@team>`),
// special mentions (`<!here>`), dates (`<!date^…|…>`) and links (`<https://…|label>`, `<mailto:…>`).
const MARKUP = /<[^<>]*>/g;
// "cc" / "fyi" / "h/t" right before a mention only introduce it; without the mention they are noise.
const MENTION_LEAD = /(?:^|\s)(?:\/?cc|fyi|h\/t|ping)\s*:?\s*(?=(?:<[@!#][^<>]*>[\s,]*)+(?:$|[.!?]))/gi;
// `:pray:`, `:flag-ua:`, `:+1::skin-tone-3:`: a name with a letter (or +1/-1), so "10:30:" stays.
const EMOJI = /:(?=[a-z0-9_+'-]*[a-z]|[+-]1:)[a-z0-9_+'-]{1,100}:(?::skin-tone-[2-6]:)?/g;

/**
 * Turns Slack text into a question: every piece of markup and every emoji code removed, entities
 * decoded, stranded punctuation and spaces tidied.
 *
 * @example
 * questionFromSlack('<@UBOT> what about NATO? cc <@U123> :pray:') // 'what about NATO?'
 */
export function questionFromSlack(text: string): string {
  const removed = text.replace(EMOJI, ' ').replace(MENTION_LEAD, ' ').replace(MARKUP, ' ');
  return tidyRemoved(removed.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&'));
}
