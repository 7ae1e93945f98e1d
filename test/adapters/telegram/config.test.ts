/** The Telegram adapter's environment, validated once at start. */
import { describe, expect, it } from 'vitest';
import { telegramEnvSchema } from '../../../adapters/telegram/config.js';
import { ConfigError, parseEnv } from '../../../src/runtime/config.js';

const TOKEN = '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsawq';

describe('Telegram configuration', () => {
  it('defaults to long polling, 30 sends a second and port 3000', () => {
    expect(parseEnv(telegramEnvSchema, { TELEGRAM_BOT_TOKEN: TOKEN })).toMatchObject({ TELEGRAM_MODE: 'polling', TELEGRAM_SENDS_PER_SECOND: 30, PORT: 3000 });
  });

  it('requires the secret in webhook mode and accepts a good one', () => {
    expect(() => parseEnv(telegramEnvSchema, { TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_MODE: 'webhook' })).toThrow(/TELEGRAM_WEBHOOK_SECRET is required/);
    expect(parseEnv(telegramEnvSchema, { TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_MODE: 'webhook', TELEGRAM_WEBHOOK_SECRET: 'a'.repeat(32) }).TELEGRAM_MODE).toBe('webhook');
  });

  it('names every bad variable, never its value', () => {
    try {
      parseEnv(telegramEnvSchema, { TELEGRAM_BOT_TOKEN: 'xoxb-not-telegram', TELEGRAM_WEBHOOK_SECRET: 'has spaces in it!!', TELEGRAM_WEBHOOK_URL: 'http://insecure.example/hook', TELEGRAM_API_ROOT: 'ftp://x' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as ConfigError).variables.sort()).toEqual(['TELEGRAM_API_ROOT', 'TELEGRAM_BOT_TOKEN', 'TELEGRAM_WEBHOOK_SECRET', 'TELEGRAM_WEBHOOK_URL']);
      expect((err as Error).message).not.toContain('xoxb-not-telegram');
    }
  });

  it('drops a trailing slash from TELEGRAM_API_ROOT (grammY appends /bot<token>/…)', () => {
    expect(parseEnv(telegramEnvSchema, { TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: 'http://127.0.0.1:8081/' }).TELEGRAM_API_ROOT).toBe('http://127.0.0.1:8081');
  });
});
