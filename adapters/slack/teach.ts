/**
 * `/plan teach …`: teaching the bot from Slack, for the user ids in ADMIN_USER_IDS (the core's
 * `src/dialogue/teach.ts` does the work and the logging). Kept apart from the handlers so that the
 * hook there is two lines.
 */
import { LiveBot } from '../../src/dialogue/reload.js';
import { teach, teachText } from '../../src/dialogue/teach.js';
import { adminIds } from '../../src/runtime/config.js';
import type { Logger } from '../../src/runtime/logger.js';
import type { SlackConfig } from './config.js';

/**
 * The reply to a `/plan` text when it is a teach command, or undefined when it is not (then it is a
 * question). Teaching needs the live bot the adapter runs (`npm run slack` passes one); any other bot
 * cannot reload, so it says so.
 */
export function teachReply(bot: unknown, config: Pick<SlackConfig, 'ADMIN_USER_IDS'>, logger: Logger, text: string, user: string): string | undefined {
  const rest = teachText(text);
  if (rest === undefined) return undefined;
  if (!(bot instanceof LiveBot)) return 'Teaching is not available in this deployment.';
  return teach(bot, rest, { user: `slack:${user}`, admin: adminIds(config).has(user) }, logger).text;
}
