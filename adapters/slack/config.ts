import { z } from 'zod';
import { coreEnvSchema, parseEnv } from '../../src/runtime/config.js';

/**
 * Environment variables of the Slack adapter: the core's plus Slack's. Exported so that a test can
 * check that `.env.example` documents exactly these keys.
 *
 * Token prefixes are checked here because pasting the app token into the bot-token slot (or the
 * reverse) is the most common setup mistake, and Slack's own error for it is a bare `invalid_auth`.
 */
export const slackEnvSchema = coreEnvSchema
  .extend({
    SLACK_BOT_TOKEN: z
      .string()
      .regex(/^xoxb-/, 'must be the Bot User OAuth Token, which starts with "xoxb-" (OAuth & Permissions page)')
      .describe('Bot token (xoxb-...), from OAuth & Permissions'),
    SLACK_MODE: z.enum(['socket', 'http']).default('socket').describe('socket (Socket Mode) or http (Bolt HTTP receiver on PORT)'),
    SLACK_APP_TOKEN: z
      .string()
      .regex(/^xapp-/, 'must be an app-level token, which starts with "xapp-" (Basic Information > App-Level Tokens)')
      .optional()
      .describe('App-level token (xapp-...) with connections:write; required when SLACK_MODE=socket'),
    SLACK_SIGNING_SECRET: z.string().min(1).optional().describe('Signing secret; required when SLACK_MODE=http'),
    PORT: z.coerce.number().int().min(0).max(65_535).default(3000).describe('HTTP port for SLACK_MODE=http (0: any free port)'),
    SLACK_API_URL: z
      .url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://slack.com/api/' })
      .optional()
      .describe('Slack Web API base URL (default https://slack.com/api/)'),
    SLACK_RESPONSE_TYPE: z.enum(['ephemeral', 'in_channel']).default('ephemeral').describe('Response type of /plan answers'),
  })
  .superRefine((env, ctx) => {
    // Each mode needs its own credential; reported as "required but not set" like any missing variable.
    const needed = env.SLACK_MODE === 'socket' ? 'SLACK_APP_TOKEN' : 'SLACK_SIGNING_SECRET';
    if (env[needed] === undefined) {
      ctx.addIssue({ code: 'invalid_type', expected: 'string', input: undefined, path: [needed], message: `required when SLACK_MODE=${env.SLACK_MODE}` });
    }
  });

/** The Slack adapter's validated configuration. */
export type SlackConfig = z.infer<typeof slackEnvSchema>;

/**
 * Reads the Slack adapter's configuration from an environment. Throws `ConfigError` naming every
 * missing or malformed variable (never echoing a value, so a mistyped token is not printed).
 */
export function loadSlackConfig(env: NodeJS.ProcessEnv): SlackConfig {
  return parseEnv(slackEnvSchema, env);
}
