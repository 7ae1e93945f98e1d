/**
 * In HTTP mode the Slack adapter serves `/healthz`, `/readyz` and `/metrics` on its own port, beside
 * the events, and a mention answered moves the question counter.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { healthHandler } from '../../../src/service/health.js';
import { nextTs, startHarness, type Harness } from './harness.js';

describe('the Slack adapter as a service', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ health: healthHandler({ corpus: () => ({ loaded: true, passages: 1 }), state: { backend: 'memory' } }) });
  });
  afterAll(() => h?.close());

  const base = (): string => `http://127.0.0.1:${h.slack.port}`;
  const answered = async (): Promise<number> => {
    const text = await (await fetch(`${base()}/metrics`)).text();
    return Number(/^peace_plan_bot_questions_total\{surface="slack",outcome="answered"\} (\d+)$/m.exec(text)?.[1] ?? 0);
  };

  it('serves the health endpoints on the events port', async () => {
    expect((await fetch(`${base()}/healthz`)).status).toBe(200);
    const ready = await fetch(`${base()}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ ready: true, corpus: { ok: true } });
  });

  it('counts an answered mention in /metrics', async () => {
    const before = await answered();
    const ts = nextTs();
    const res = await h.sender.event({ type: 'app_mention', user: 'U1', text: '<@UBOT> What about NATO?', ts, event_ts: ts, channel: 'C1', team: 'T0FAKE' }, `Ev-health-${ts}`);
    expect(res.status).toBe(200);
    await h.fake.waitFor(() => h.fake.callsTo('chat.postMessage').find((c) => c.args.thread_ts === ts), 'the answer');
    await h.slack.idle();
    expect(await answered()).toBe(before + 1);
  });
});
