/**
 * Socket Mode, the default: the real Bolt app fetches its WebSocket URL from the (fake) Web API with
 * the app-level token, connects, acknowledges envelopes and answers through the Web API.
 */
import { describe, expect, it } from 'vitest';
import { SelfCheckError } from '../../../adapters/slack/selfcheck.js';
import { commandPayload, eventEnvelope } from './fake-slack.js';
import { startHarness, TEST_APP_TOKEN, TEST_BOT_TOKEN } from './harness.js';

const socketEnv = { SLACK_MODE: 'socket', SLACK_APP_TOKEN: TEST_APP_TOKEN, SLACK_SIGNING_SECRET: '' };

describe('Socket Mode', () => {
  it('connects with the app-level token, answers a mention in its thread, acknowledges the envelope, and disconnects on stop', async () => {
    const h = await startHarness({ env: socketEnv });
    try {
      expect(h.fake.callsTo('apps.connections.open')[0]?.token).toBe(TEST_APP_TOKEN);
      expect(h.fake.socketCount).toBe(1);
      const event = { type: 'app_mention', user: 'U0ASKER', text: '<@UBOT> clause 7.2', ts: '1700002000.000100', channel: 'C0SOCKET', team: 'T0FAKE' };
      h.fake.sendEnvelope('events_api', eventEnvelope(event, 'Ev-socket'), 'env-1');
      const post = await h.fake.waitFor(() => h.fake.callsTo('chat.postMessage').find((c) => c.args.channel === 'C0SOCKET'), 'the answer');
      expect(post.token).toBe(TEST_BOT_TOKEN);
      expect(post.args.thread_ts).toBe('1700002000.000100');
      expect(JSON.stringify(post.args.blocks)).toContain('`plan-article:7.2`');
      expect(h.fake.socketAcks.map((a) => a.envelope_id)).toContain('env-1');
      await h.slack.stop();
      await h.fake.waitFor(() => (h.fake.socketCount === 0 ? true : undefined), 'the bot to close its WebSocket');
    } finally {
      await h.close();
    }
  });

  it('acknowledges /plan at once and answers through response_url', async () => {
    const h = await startHarness({ env: socketEnv });
    try {
      h.fake.sendEnvelope('slash_commands', commandPayload({ command: '/plan', text: 'clause 7.1', response_url: h.fake.responseUrl('socket-cmd') }), 'env-cmd');
      const reply = await h.fake.waitFor(() => h.fake.postsTo('socket-cmd')[0], 'the /plan answer');
      expect(reply.body.response_type).toBe('ephemeral');
      expect(JSON.stringify(reply.body.blocks)).toContain('`plan-article:7.1`');
      expect(h.fake.socketAcks.map((a) => a.envelope_id)).toContain('env-cmd');
    } finally {
      await h.close();
    }
  });

  it('refuses to start, naming SLACK_APP_TOKEN, when Slack rejects the app-level token', async () => {
    const started = startHarness({ env: socketEnv, prepare: (fake) => (fake.appTokenError = 'invalid_auth') });
    await expect(started).rejects.toBeInstanceOf(SelfCheckError);
    await expect(started).rejects.toThrow(/Could not open a Socket Mode connection \(invalid_auth\)\. Check SLACK_APP_TOKEN/);
  });
});
