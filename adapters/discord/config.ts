import { existsSync } from 'node:fs';
import { z } from 'zod';
import { ConfigError, coreEnvSchema, parseEnv } from '../../src/runtime/config.js';
import { scrubSecrets } from '../../src/runtime/logger.js';

// Discord ids are 64-bit integers written in decimal: 17 digits for the oldest, 20 at most.
const snowflake = z.string().regex(/^\d{17,20}$/, 'must be a Discord id (a snowflake: 17 to 20 digits)');

/**
 * Environment variables of the Discord adapter: the core's plus Discord's. Exported so that a test can
 * check that `.env.example` lists exactly the union of every schema's keys.
 */
export const discordEnvSchema = coreEnvSchema.extend({
  DISCORD_TOKEN: z.string().min(1).describe('Bot token, from the Developer Portal\'s Bot page'),
  DISCORD_APPLICATION_ID: snowflake.describe('Application id, from General Information'),
  DISCORD_GUILD_ID: snowflake.optional().describe('Register commands to this guild only (instant; for development)'),
  DISCORD_API_URL: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://discord.com/api' })
    // discord.js appends `/v10/...` to the base itself, so a trailing slash would double up.
    .transform((url) => url.replace(/\/+$/, ''))
    .optional()
    .describe('REST base URL (default https://discord.com/api); for proxies and tests'),
  DISCORD_PUBLIC_DEFAULT: z.stringbool().default(false).describe('Whether /ask answers publicly when the user does not say'),
  DISCORD_MODE: z.enum(['gateway', 'http']).default('gateway').describe('gateway (WebSocket: commands and mentions) or http (interactions endpoint on PORT: commands only)'),
  DISCORD_PUBLIC_KEY: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, 'must be the application\'s public key: 64 hexadecimal digits (General Information page)')
    .optional()
    .describe('Public key that verifies interaction requests; required when DISCORD_MODE=http'),
  DISCORD_SHARDS: z
    .union([z.literal('auto'), z.coerce.number().int().min(1).max(10_000)])
    .optional()
    .describe('Run the gateway as one process per shard (discord.js ShardingManager): a shard count, or auto for Discord\'s recommendation'),
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000).describe('HTTP port for DISCORD_MODE=http (0: any free port)'),
}).superRefine((env, ctx) => {
  if (env.DISCORD_MODE === 'http' && env.DISCORD_PUBLIC_KEY === undefined) {
    ctx.addIssue({ code: 'invalid_type', expected: 'string', input: undefined, path: ['DISCORD_PUBLIC_KEY'], message: 'required when DISCORD_MODE=http' });
  }
});

/** The Discord adapter's validated configuration. */
export type DiscordConfig = z.infer<typeof discordEnvSchema>;

/** Writes `program: message` to standard error, secrets scrubbed, and exits with `code`. */
export function exitWith(program: string, message: string, code: number): never {
  process.stderr.write(`${program}: ${scrubSecrets(message)}\n`);
  process.exit(code);
}

/**
 * The entry points' configuration, read once: `.env` from the working directory if there is one (the
 * repository root under `npm run`; variables already in the environment win), then validated. Exits with code 2 and a message naming
 * every bad variable (never its value) when the configuration is wrong.
 */
export function loadConfigOrExit(program: string): DiscordConfig {
  if (existsSync('.env') && typeof process.loadEnvFile === 'function') process.loadEnvFile('.env');
  try {
    return parseEnv(discordEnvSchema, process.env);
  } catch (err) {
    if (err instanceof ConfigError) exitWith(program, err.message, 2);
    throw err;
  }
}
