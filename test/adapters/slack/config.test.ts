/** The Slack adapter's configuration: zod schema and error messages. */
import { describe, expect, it } from 'vitest';
import { loadSlackConfig, slackEnvSchema } from '../../../adapters/slack/config.js';
import { ConfigError, coreEnvSchema } from '../../../src/runtime/config.js';

function configError(env: Record<string, string>): ConfigError {
  try {
    loadSlackConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('slackEnvSchema', () => {
  it("extends the core's schema with the Slack variables", () => {
    expect(Object.keys(slackEnvSchema.shape)).toEqual([
      ...Object.keys(coreEnvSchema.shape),
      'SLACK_BOT_TOKEN', 'SLACK_MODE', 'SLACK_APP_TOKEN', 'SLACK_SIGNING_SECRET', 'PORT', 'SLACK_API_URL', 'SLACK_RESPONSE_TYPE',
    ]);
  });

  it('defaults to Socket Mode, port 3000 and ephemeral /plan answers', () => {
    const config = loadSlackConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' });
    expect(config).toMatchObject({ SLACK_MODE: 'socket', PORT: 3000, SLACK_RESPONSE_TYPE: 'ephemeral', LOG_QUESTIONS: false });
    expect(config.SLACK_API_URL).toBeUndefined();
  });

  it('reads HTTP mode, port, API URL and response type', () => {
    const config = loadSlackConfig({
      SLACK_BOT_TOKEN: 'xoxb-1', SLACK_MODE: 'http', SLACK_SIGNING_SECRET: 's', PORT: '0', SLACK_API_URL: 'http://127.0.0.1:9999/api/', SLACK_RESPONSE_TYPE: 'in_channel',
    });
    expect(config).toMatchObject({ SLACK_MODE: 'http', PORT: 0, SLACK_API_URL: 'http://127.0.0.1:9999/api/', SLACK_RESPONSE_TYPE: 'in_channel' });
  });

  it.each([
    [{}, 'SLACK_BOT_TOKEN', /SLACK_BOT_TOKEN is required but not set/],
    [{ SLACK_BOT_TOKEN: 'xoxb-1' }, 'SLACK_APP_TOKEN', /SLACK_APP_TOKEN is required but not set/],
    [{ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_MODE: 'http' }, 'SLACK_SIGNING_SECRET', /SLACK_SIGNING_SECRET is required but not set/],
    [{ SLACK_BOT_TOKEN: 'xapp-secret-value', SLACK_APP_TOKEN: 'xapp-1' }, 'SLACK_BOT_TOKEN', /SLACK_BOT_TOKEN is invalid: .*"xoxb-"/],
    [{ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xoxb-2' }, 'SLACK_APP_TOKEN', /SLACK_APP_TOKEN is invalid: .*"xapp-"/],
    [{ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1', SLACK_MODE: 'websocket' }, 'SLACK_MODE', /SLACK_MODE is invalid/],
    [{ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1', PORT: '70000' }, 'PORT', /PORT is invalid/],
    [{ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1', SLACK_API_URL: 'slack.com/api' }, 'SLACK_API_URL', /SLACK_API_URL is invalid/],
    [{ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1', SLACK_RESPONSE_TYPE: 'public' }, 'SLACK_RESPONSE_TYPE', /SLACK_RESPONSE_TYPE is invalid/],
    [{ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1', LOG_QUESTIONS: 'maybe' }, 'LOG_QUESTIONS', /LOG_QUESTIONS is invalid/],
  ])('rejects %j naming %s', (env, variable, message) => {
    const err = configError(env);
    expect(err.variables).toContain(variable);
    expect(err.message).toMatch(message);
  });

  it('never echoes a token value in its error', () => {
    expect(configError({ SLACK_BOT_TOKEN: 'xapp-secret-value', SLACK_APP_TOKEN: 'xapp-1' }).message).not.toContain('secret-value');
  });
});
