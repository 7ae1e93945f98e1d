/**
 * The start-up self-check against fake Slack: identity logged, a bad token or a missing scope
 * explained in words.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { webApi } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { SelfCheckError, selfCheck } from '../../../adapters/slack/selfcheck.js';
import { ALL_SCOPES } from './fake-slack.js';
import { startHarness } from './harness.js';

describe('start-up self-check', () => {
  it("calls auth.test and logs the bot's identity and workspace", async () => {
    const h = await startHarness();
    try {
      expect(h.fake.callsTo('auth.test')).toHaveLength(1);
      const line = h.logs.find((l) => typeof l.msg === 'string' && l.msg.startsWith('connected to Slack as'));
      expect(line?.msg).toBe('connected to Slack as @peace-plan-bot (UBOT) in workspace "Fake Workspace" (T0FAKE)');
      expect(h.slack.identity).toMatchObject({ userId: 'UBOT', botId: 'BBOT', teamId: 'T0FAKE' });
      expect(h.logs.some((l) => l.level === 'error')).toBe(false);
    } finally {
      await h.close();
    }
  });

  it('refuses to start, naming SLACK_BOT_TOKEN, when Slack rejects the token', async () => {
    const started = startHarness({ prepare: (fake) => (fake.authError = 'invalid_auth') });
    await expect(started).rejects.toBeInstanceOf(SelfCheckError);
    await expect(started).rejects.toThrow(/Slack rejected SLACK_BOT_TOKEN \(invalid_auth\).*OAuth & Permissions/);
  });

  it.each(['chat:write', 'app_mentions:read'])('refuses to start without %s, naming the scope and what breaks', async (scope) => {
    const started = startHarness({ prepare: (fake) => (fake.scopes = ALL_SCOPES.filter((s) => s !== scope)) });
    await expect(started).rejects.toBeInstanceOf(SelfCheckError);
    await expect(started).rejects.toThrow(new RegExp(`lacks scopes the manifest asks for: ${scope} \\(without it`));
  });

  it('warns, and still starts, without im:history, saying what stops working', async () => {
    const h = await startHarness({ prepare: (fake) => (fake.scopes = ALL_SCOPES.filter((s) => s !== 'im:history')) });
    try {
      const line = h.logs.find((l) => l.level === 'warn' && l.missingScopes !== undefined);
      expect(line?.missingScopes).toEqual(['im:history']);
      expect(line?.msg).toMatch(/lacks scopes the manifest asks for: im:history \(without it direct messages to the bot are not delivered to it\).*reinstall/);
    } finally {
      await h.close();
    }
  });

  it('explains an unreachable Slack API instead of hanging or crashing', async () => {
    const started = startHarness({ env: { SLACK_API_URL: 'http://127.0.0.1:9/api/' } });
    await expect(started).rejects.toThrow(/Could not reach the Slack Web API at http:\/\/127\.0\.0\.1:9\/api\//);
  });
});

describe('start-up failures', () => {
  it('says Slack answered HTTP 500 to auth.test, not that it could not be reached', async () => {
    const server = createServer((_req, res) => res.writeHead(500, { 'content-type': 'text/plain' }).end('internal error'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`;
      const client = new webApi.WebClient('xoxb-1-test', { slackApiUrl: url, retryConfig: { retries: 0 } });
      const checked = selfCheck(client, 'xoxb-1-test');
      await expect(checked).rejects.toBeInstanceOf(SelfCheckError);
      await expect(checked).rejects.toThrow(/Slack answered auth\.test with HTTP 500/);
      await expect(checked).rejects.not.toThrow(/could not reach/i);
    } finally {
      server.close();
    }
  });

  it('says plainly when the HTTP port is taken', async () => {
    const first = await startHarness();
    try {
      const second = startHarness({ listen: { port: first.slack.port!, host: '127.0.0.1' } });
      await expect(second).rejects.toThrow(new RegExp(`Cannot listen on port ${first.slack.port} \\(EADDRINUSE\\).*set PORT`));
    } finally {
      await first.close();
    }
  });
});
