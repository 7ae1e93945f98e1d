import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { discordEnvSchema } from '../../../adapters/discord/config.js';
import { ConfigError, coreEnvSchema, parseEnv } from '../../../src/runtime/config.js';

const required = { DISCORD_TOKEN: 'token', DISCORD_APPLICATION_ID: '123456789012345678' };

/** The ConfigError a parse throws, or undefined when it succeeds. */
function configError(env: Record<string, string>): ConfigError | undefined {
  try {
    parseEnv(discordEnvSchema, env);
    return undefined;
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
}

describe('the Discord configuration', () => {
  it('extends the core schema with exactly the Discord variables (and PORT for HTTP mode)', () => {
    const discordKeys = Object.keys(discordEnvSchema.shape).filter((k) => !(k in coreEnvSchema.shape));
    expect(discordKeys.sort()).toEqual([
      'DISCORD_API_URL', 'DISCORD_APPLICATION_ID', 'DISCORD_GUILD_ID', 'DISCORD_MODE', 'DISCORD_PUBLIC_DEFAULT', 'DISCORD_PUBLIC_KEY', 'DISCORD_SHARDS', 'DISCORD_TOKEN', 'PORT',
    ]);
    expect(Object.keys(coreEnvSchema.shape).every((k) => k in discordEnvSchema.shape)).toBe(true);
  });

  it('requires the token and the application id, naming both when missing', () => {
    expect(configError({})?.variables.sort()).toEqual(['DISCORD_APPLICATION_ID', 'DISCORD_TOKEN']);
    expect(parseEnv(discordEnvSchema, required)).toMatchObject({ ...required, DISCORD_PUBLIC_DEFAULT: false });
  });

  it('reads DISCORD_PUBLIC_DEFAULT as a boolean word, so "false" is false', () => {
    expect(parseEnv(discordEnvSchema, { ...required, DISCORD_PUBLIC_DEFAULT: 'false' }).DISCORD_PUBLIC_DEFAULT).toBe(false);
    expect(parseEnv(discordEnvSchema, { ...required, DISCORD_PUBLIC_DEFAULT: 'true' }).DISCORD_PUBLIC_DEFAULT).toBe(true);
    expect(configError({ ...required, DISCORD_PUBLIC_DEFAULT: 'maybe' })?.variables).toEqual(['DISCORD_PUBLIC_DEFAULT']);
  });

  it('accepts snowflakes only as application and guild ids', () => {
    expect(configError({ ...required, DISCORD_APPLICATION_ID: 'my-app' })?.variables).toEqual(['DISCORD_APPLICATION_ID']);
    expect(configError({ ...required, DISCORD_GUILD_ID: '12' })?.variables).toEqual(['DISCORD_GUILD_ID']);
    expect(parseEnv(discordEnvSchema, { ...required, DISCORD_GUILD_ID: '98765432109876543' }).DISCORD_GUILD_ID).toBe('98765432109876543');
  });

  it('takes DISCORD_API_URL as an http(s) base like https://discord.com/api, without a trailing slash', () => {
    expect(parseEnv(discordEnvSchema, { ...required, DISCORD_API_URL: 'http://127.0.0.1:3001/api/' }).DISCORD_API_URL).toBe('http://127.0.0.1:3001/api');
    expect(parseEnv(discordEnvSchema, required).DISCORD_API_URL).toBeUndefined();
    expect(configError({ ...required, DISCORD_API_URL: 'ws://127.0.0.1/api' })?.variables).toEqual(['DISCORD_API_URL']);
  });
});

describe('the Discord variables in the docs', () => {
  const discordKeys = Object.keys(discordEnvSchema.shape).filter((k) => !(k in coreEnvSchema.shape));
  const read = (path: string): string => readFileSync(new URL(path, import.meta.url), 'utf8');

  it('are each in the README\'s table and in .env.example', () => {
    const readme = read('../../../adapters/discord/README.md');
    const envExample = read('../../../.env.example');
    for (const key of discordKeys) {
      expect(readme, key).toContain(`| \`${key}\` |`);
      expect(envExample, key).toMatch(new RegExp(`^${key}=`, 'm'));
    }
  });

  it('requires DISCORD_PUBLIC_KEY in HTTP mode and reads DISCORD_SHARDS as auto or a count', () => {
    expect(configError({ ...required, DISCORD_MODE: 'http' })?.message).toContain('DISCORD_PUBLIC_KEY is required but not set');
    expect(configError({ ...required, DISCORD_MODE: 'http', DISCORD_PUBLIC_KEY: 'abc' })?.variables).toEqual(['DISCORD_PUBLIC_KEY']);
    expect(parseEnv(discordEnvSchema, { ...required, DISCORD_MODE: 'http', DISCORD_PUBLIC_KEY: 'a'.repeat(64) }).PORT).toBe(3000);
    expect(parseEnv(discordEnvSchema, { ...required, DISCORD_SHARDS: 'auto' }).DISCORD_SHARDS).toBe('auto');
    expect(parseEnv(discordEnvSchema, { ...required, DISCORD_SHARDS: '4' }).DISCORD_SHARDS).toBe(4);
    expect(configError({ ...required, DISCORD_SHARDS: 'many' })?.variables).toEqual(['DISCORD_SHARDS']);
    expect(configError({ ...required, DISCORD_MODE: 'webhook' })?.variables).toEqual(['DISCORD_MODE']);
  });
});
