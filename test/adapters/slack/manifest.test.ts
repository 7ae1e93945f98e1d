/**
 * The manifest, the README and the code describe the same app: the scopes the self-check expects,
 * the events and command the listeners handle, the variables the config reads.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EVENTS_PATH } from '../../../adapters/slack/app.js';
import { slackEnvSchema } from '../../../adapters/slack/config.js';
import { SLASH_COMMAND } from '../../../adapters/slack/command.js';
import { REQUIRED_SCOPES } from '../../../adapters/slack/selfcheck.js';

const manifest = readFileSync(new URL('../../../adapters/slack/manifest.yml', import.meta.url), 'utf8');
const readme = readFileSync(new URL('../../../adapters/slack/README.md', import.meta.url), 'utf8');
const envExample = readFileSync(new URL('../../../.env.example', import.meta.url), 'utf8');

/** The items of a YAML block list that follows `key:` (enough YAML for this manifest). */
function listAfter(key: string): string[] {
  const lines = manifest.split('\n');
  const start = lines.findIndex((l) => l.trim() === `${key}:`);
  expect(start, `manifest has "${key}:"`).toBeGreaterThanOrEqual(0);
  const items: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.trim().startsWith('#')) continue;
    const item = /^\s*- (.+)$/.exec(line);
    if (!item) break;
    items.push(item[1]!.trim());
  }
  return items;
}

describe('manifest.yml', () => {
  it('asks for exactly the bot scopes the self-check checks', () => {
    expect(listAfter('bot').sort()).toEqual(Object.keys(REQUIRED_SCOPES).sort());
  });

  it('subscribes to exactly the events the listeners handle', () => {
    expect(listAfter('bot_events').sort()).toEqual(['app_mention', 'message.im']);
  });

  it('declares the slash command, interactivity for the share button, the Messages tab and Socket Mode', () => {
    expect(manifest).toMatch(new RegExp(`- command: ${SLASH_COMMAND}\\n`));
    expect(manifest).toMatch(/interactivity:\n(\s+#.*\n)*\s+is_enabled: true/);
    expect(manifest).toMatch(/messages_tab_enabled: true/);
    expect(manifest).toMatch(/messages_tab_read_only_enabled: false/);
    expect(manifest).toMatch(/socket_mode_enabled: true/);
  });
});

describe('README', () => {
  const slackVariables = Object.keys(slackEnvSchema.shape).filter((k) => k.startsWith('SLACK_') || k === 'PORT');

  it('documents every Slack variable, and .env.example lists each', () => {
    for (const v of slackVariables) {
      expect(readme, v).toContain(`| \`${v}\` |`);
      expect(envExample, v).toMatch(new RegExp(`^${v}=`, 'm'));
    }
  });

  it('names the scopes, events, command, endpoint and start command the code uses', () => {
    for (const scope of Object.keys(REQUIRED_SCOPES)) expect(readme).toContain(`\`${scope}\``);
    for (const event of listAfter('bot_events')) expect(readme).toContain(`\`${event}\``);
    expect(readme).toContain(`\`${SLASH_COMMAND} clause 7.2\``);
    expect(readme).toContain(EVENTS_PATH);
    expect(readme).toContain('npm run slack');
  });

  it("quotes the self-check's messages as the code words them", () => {
    expect(readme).toContain('Slack rejected SLACK_BOT_TOKEN (invalid_auth)');
    expect(readme).toContain('The bot token lacks scopes the manifest asks for: im:history (without it direct messages to the bot are not delivered to it)');
    expect(readme).toContain('Could not open a Socket Mode connection');
    expect(readme).toContain('Could not reach the Slack Web API at');
  });
});
