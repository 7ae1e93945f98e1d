/**
 * Slack message text → the plain question the core expects. Slack sends mentions, links and
 * channel names as `<…>` markup and escapes `&`, `<`, `>`; the core should see what the user saw.
 */

const SPECIAL: Readonly<Record<string, string>> = { here: '@here', channel: '@channel', everyone: '@everyone' };

/** What the user saw for one piece of `<…>` markup. */
function plainMarkup(inner: string): string {
  const bar = inner.indexOf('|');
  const target = bar === -1 ? inner : inner.slice(0, bar);
  const label = bar === -1 ? undefined : inner.slice(bar + 1);
  if (target.startsWith('@')) return label ? `@${label.replace(/^@/, '')}` : target;
  if (target.startsWith('#')) return label ? `#${label}` : target;
  if (target.startsWith('!')) return label ?? SPECIAL[target.slice(1)] ?? '';
  return label ?? target.replace(/^mailto:/, '');
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Turns Slack text into a question: the bot's own mention (`<@BOTID>`) removed, other markup shown
 * as its label (`<@U123>` → `@U123`, `<https://x|x>` → `x`, `<!here>` → `@here`), entities decoded.
 *
 * @example
 * questionFromSlack('<@UBOT> what about &lt;NATO&gt;?', 'UBOT') // 'what about <NATO>?'
 */
export function questionFromSlack(text: string, botUserId?: string): string {
  let t = text;
  if (botUserId) t = t.replace(new RegExp(`<@${escapeRegExp(botUserId)}(?:\\|[^>]*)?>`, 'g'), ' ');
  t = t.replace(/<([^<>]*)>/g, (_, inner: string) => plainMarkup(inner));
  return t.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&').trim();
}
