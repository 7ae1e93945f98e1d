/**
 * The start-up self-check: one `auth.test` call that tells the operator, in words, who the bot is
 * and what is wrong with its installation — a bot that silently reacts to nothing is the most
 * common complaint about Slack bots, and it is nearly always a token or a scope.
 */
import { webApi } from '@slack/bolt';

/**
 * The bot scopes `manifest.yml` asks for, each with what breaks without it. A test keeps this list
 * and the manifest identical.
 */
export const REQUIRED_SCOPES: Readonly<Record<string, string>> = {
  'app_mentions:read': '@mentions of the bot are not delivered to it',
  'chat:write': 'the bot cannot post answers to mentions and direct messages',
  commands: 'the /plan command does not exist in the workspace',
  'im:history': 'direct messages to the bot are not delivered to it',
};

/**
 * Scopes without which the bot cannot do its job at all: it would start, look healthy, and never
 * answer. Starting without them is refused; any other missing scope is logged.
 */
export const ESSENTIAL_SCOPES: readonly string[] = ['chat:write', 'app_mentions:read'];

/** Who the bot is, from `auth.test`. */
export interface SlackIdentity {
  /** The bot's user id (`U…`): what `<@…>` mentions of it contain. */
  userId: string;
  /** The bot id (`B…`) on the bot's own messages. */
  botId: string;
  /** The bot user's name. */
  user: string;
  /** Workspace name and id. */
  team: string;
  teamId: string;
  /** Workspace URL, e.g. `https://example.slack.com/`. */
  url: string;
}

/** What the self-check found. */
export interface SelfCheckReport {
  identity: SlackIdentity;
  /** Scopes of {@link REQUIRED_SCOPES} the token lacks; empty when all are granted or unknown. */
  missingScopes: string[];
  /** The scopes Slack says the token has, or undefined when Slack did not say. */
  grantedScopes: string[] | undefined;
}

/** The self-check failed: the message says what is wrong and how to fix it. */
export class SelfCheckError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SelfCheckError';
  }
}

/** Slack's error code of a failed Web API call (`invalid_auth`, …), or the SDK's error code. */
export function slackErrorCode(err: unknown): string {
  if (err instanceof webApi.WebAPIPlatformError) return err.data.error;
  if (err && typeof err === 'object' && 'code' in err && typeof err.code === 'string') return err.code;
  return err instanceof Error ? err.message : String(err);
}

/** Whether a failed call was Slack answering "no" (rather than Slack not being reached). */
export function isPlatformError(err: unknown): boolean {
  return err instanceof webApi.WebAPIPlatformError;
}

const TOKEN_REJECTED = new Set(['invalid_auth', 'not_authed', 'token_revoked', 'token_expired', 'account_inactive', 'not_allowed_token_type']);

/** Explains an `auth.test` failure in terms of what to do about it. */
function explainAuthFailure(err: unknown, apiUrl: string): string {
  const code = slackErrorCode(err);
  if (isPlatformError(err) && TOKEN_REJECTED.has(code)) {
    return (
      `Slack rejected SLACK_BOT_TOKEN (${code}). Copy the Bot User OAuth Token (xoxb-…) from your app's ` +
      'OAuth & Permissions page; if the app was reinstalled or the token revoked, the old token no longer works.'
    );
  }
  if (isPlatformError(err)) return `auth.test failed with "${code}": check SLACK_BOT_TOKEN and the app's installation.`;
  // Slack was reached and answered with an HTTP error (a 500 during an incident, a proxy's 502): the
  // network is fine, so saying it could not be reached sends the operator to the wrong place.
  if (err instanceof webApi.WebAPIHTTPError) {
    return `Slack answered auth.test with HTTP ${err.statusCode}${err.statusMessage ? ` ${err.statusMessage}` : ''} at ${apiUrl}. Slack (or a proxy in between) is failing; try again later, and check https://slack-status.com.`;
  }
  return `Could not reach the Slack Web API at ${apiUrl} (${code}). Check the network, a proxy, or SLACK_API_URL.`;
}

/**
 * Calls `auth.test` with the bot token and compares the granted scopes (Slack returns them in the
 * `x-oauth-scopes` header) with {@link REQUIRED_SCOPES}.
 *
 * @throws SelfCheckError when the token is rejected or Slack cannot be reached.
 */
export async function selfCheck(client: webApi.WebClient, token: string): Promise<SelfCheckReport> {
  let result: webApi.AuthTestResponse;
  try {
    result = await client.auth.test({ token });
  } catch (err) {
    throw new SelfCheckError(explainAuthFailure(err, client.slackApiUrl));
  }
  if (!result.bot_id || !result.user_id) {
    throw new SelfCheckError('SLACK_BOT_TOKEN is not a bot token (auth.test returned no bot id): use the Bot User OAuth Token (xoxb-…).');
  }
  const granted = result.response_metadata?.scopes;
  return {
    identity: {
      userId: result.user_id,
      botId: result.bot_id,
      user: result.user ?? '',
      team: result.team ?? '',
      teamId: result.team_id ?? '',
      url: result.url ?? '',
    },
    missingScopes: granted ? Object.keys(REQUIRED_SCOPES).filter((s) => !granted.includes(s)) : [],
    grantedScopes: granted,
  };
}

/** The operator-facing sentence for missing scopes, or undefined when none are missing. */
export function missingScopesMessage(missing: string[]): string | undefined {
  if (missing.length === 0) return undefined;
  const effects = missing.map((s) => `${s} (without it ${REQUIRED_SCOPES[s]})`).join('; ');
  return (
    `The bot token lacks scopes the manifest asks for: ${effects}. Add them under OAuth & Permissions ` +
    '(or re-create the app from adapters/slack/manifest.yml) and reinstall the app to the workspace.'
  );
}
