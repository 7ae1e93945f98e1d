import { existsSync } from 'node:fs';
import { z } from 'zod';
import { ConfigError, coreEnvSchema, parseEnv } from '../../src/runtime/config.js';
import { scrubSecrets } from '../../src/runtime/logger.js';

// BotFather tokens are `<bot id>:<35 characters>`; checking the shape catches a pasted app token or a
// truncated copy before the first request, with exit 2 instead of a 401 later.
const token = z.string().regex(/^\d{3,20}:[A-Za-z0-9_-]{20,}$/, 'must be a bot token from @BotFather, like 123456789:AA…');

/**
 * Environment variables of the Telegram adapter: the core's plus Telegram's. Exported so that a test
 * can check that `.env.example` lists exactly the union of every schema's keys.
 */
export const telegramEnvSchema = coreEnvSchema.extend({
  TELEGRAM_BOT_TOKEN: token.describe('Bot token, from @BotFather'),
  TELEGRAM_MODE: z.enum(['polling', 'webhook']).default('polling').describe('polling (getUpdates, default) or webhook (POST /telegram/webhook on PORT)'),
  TELEGRAM_WEBHOOK_SECRET: z
    .string()
    // Telegram's own rule for secret_token: 1-256 characters of A-Z, a-z, 0-9, _ and -.
    .regex(/^[A-Za-z0-9_-]{16,256}$/, 'must be 16 to 256 characters of A-Z, a-z, 0-9, _ and - (e.g. `openssl rand -hex 32`)')
    .optional()
    .describe('Secret Telegram sends in X-Telegram-Bot-Api-Secret-Token; required when TELEGRAM_MODE=webhook'),
  TELEGRAM_WEBHOOK_URL: z
    .url({ protocol: /^https$/, error: 'must be the public https URL of /telegram/webhook' })
    .optional()
    .describe('Public https URL the bot registers with setWebhook at start; unset: register it yourself'),
  TELEGRAM_API_ROOT: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://api.telegram.org' })
    // grammY appends `/bot<token>/<method>` itself, so a trailing slash would double up.
    .transform((url) => url.replace(/\/+$/, ''))
    .optional()
    .describe('Bot API base URL (default https://api.telegram.org); for a local Bot API server and tests'),
  TELEGRAM_SENDS_PER_SECOND: z.coerce.number().int().min(1).max(1000).default(30).describe('Messages sent per second across all chats (Telegram allows about 30)'),
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000).describe('HTTP port for TELEGRAM_MODE=webhook (0: any free port)'),
}).superRefine((env, ctx) => {
  if (env.TELEGRAM_MODE === 'webhook' && env.TELEGRAM_WEBHOOK_SECRET === undefined) {
    ctx.addIssue({ code: 'invalid_type', expected: 'string', input: undefined, path: ['TELEGRAM_WEBHOOK_SECRET'], message: 'required when TELEGRAM_MODE=webhook' });
  }
});

/** The Telegram adapter's validated configuration. */
export type TelegramConfig = z.infer<typeof telegramEnvSchema>;

/** Writes `program: message` to standard error, secrets scrubbed, and exits with `code`. */
export function exitWith(program: string, message: string, code: number): never {
  process.stderr.write(`${program}: ${scrubSecrets(message)}\n`);
  process.exit(code);
}

/**
 * The entry point's configuration, read once: `.env` from the working directory if there is one
 * (variables already in the environment win), then validated. Exits with code 2 and a message naming
 * every bad variable (never its value) when the configuration is wrong.
 */
export function loadConfigOrExit(program: string): TelegramConfig {
  if (existsSync('.env') && typeof process.loadEnvFile === 'function') process.loadEnvFile('.env');
  try {
    return parseEnv(telegramEnvSchema, process.env);
  } catch (err) {
    if (err instanceof ConfigError) exitWith(program, err.message, 2);
    throw err;
  }
}
