import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { discordEnvSchema } from '../adapters/discord/config.js';
import { slackEnvSchema } from '../adapters/slack/config.js';
import { telegramEnvSchema } from '../adapters/telegram/config.js';
import { coreEnvSchema } from '../src/runtime/config.js';

const exampleKeys = (): string[] =>
  readFileSync('.env.example', 'utf8')
    .split('\n')
    .map((l) => /^([A-Z][A-Z0-9_]*)=/.exec(l)?.[1])
    .filter((k): k is string => k !== undefined);

describe('.env.example', () => {
  it('lists exactly the variables the core, Slack, Discord and Telegram schemas read, each once', () => {
    const schemaKeys = new Set([...Object.keys(coreEnvSchema.shape), ...Object.keys(slackEnvSchema.shape), ...Object.keys(discordEnvSchema.shape), ...Object.keys(telegramEnvSchema.shape)]);
    const keys = exampleKeys();
    expect(new Set(keys).size).toBe(keys.length);
    expect([...keys].sort()).toEqual([...schemaKeys].sort());
  });

  it('gives every variable a comment', () => {
    const lines = readFileSync('.env.example', 'utf8').split('\n');
    lines.forEach((line, i) => {
      if (/^[A-Z]/.test(line)) expect(lines[i - 1], line).toMatch(/^#/);
    });
  });

  it('documents every core variable in a configuration table of the README or docs/', () => {
    // The README is moving into docs/; a variable's row may be in either.
    const docs = existsSync('docs') ? readdirSync('docs').filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`) : [];
    const readme = ['README.md', ...docs].map((f) => readFileSync(f, 'utf8')).join('\n');
    for (const key of Object.keys(coreEnvSchema.shape)) expect(readme, key).toContain(`| \`${key}\``);
  });
});
