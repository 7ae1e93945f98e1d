/**
 * Load and faults, bounded and on loopback only: the real Bolt app in HTTP mode against fake Slack.
 * No timing assertions: the waits are bounds on how long to look, not requirements on speed.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PlanBot } from '../../../src/dialogue/bot.js';
import { pool } from '../../helpers/pool.js';
import { FakeSlack, SlackSender } from './fake-slack.js';
import { startHarness, TEST_SIGNING_SECRET, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  // The shipped per-user rate limit stays on: every simulated asker is a different user.
  h = await startHarness({ bot: PlanBot.load() });
});
afterAll(async () => {
  await h.close();
});

let seq = 0;
const mention = (text: string, user: string): { event: Record<string, unknown>; ts: string } => {
  const ts = `1764000000.${String(++seq).padStart(6, '0')}`;
  return { ts, event: { type: 'app_mention', user, text, ts, event_ts: ts, channel: 'C0LOAD', team: 'T0FAKE' } };
};

const QUESTIONS = ['What about NATO?', 'Is there an amnesty?', 'clause 7.2', 'What does the plan say about Crimea?', 'When will Ukraine hold elections?'];

describe('load', () => {
  it('acknowledges and answers 1,000 signed mentions sent 100 at a time, each exactly once', async () => {
    const before = h.fake.callsTo('chat.postMessage').length;
    const sent = Array.from({ length: 1000 }, (_, i) => mention(`<@UBOT> ${QUESTIONS[i % QUESTIONS.length]}`, `U${String(i).padStart(5, '0')}`));
    const statuses = await pool(sent.map(({ event }, i) => async () => (await h.sender.event(event, `Ev-load-${i}`)).status), 100);
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    await h.fake.waitFor(() => (h.fake.callsTo('chat.postMessage').length - before >= 1000 ? true : undefined), '1,000 answers', 60_000);
    await h.slack.idle();
    const posts = h.fake.callsTo('chat.postMessage').slice(before);
    expect(posts).toHaveLength(1000);
    const perThread = new Map<unknown, number>();
    for (const p of posts) perThread.set(p.args.thread_ts, (perThread.get(p.args.thread_ts) ?? 0) + 1);
    expect(sent.every(({ ts }) => perThread.get(ts) === 1)).toBe(true);
  });

  it('answers a burst from one user up to the rate limit, then politely, never silently', async () => {
    const before = h.fake.callsTo('chat.postMessage').length;
    const burst = Array.from({ length: 12 }, () => mention('<@UBOT> What about NATO?', 'U0BURSTY'));
    for (const [i, { event }] of burst.entries()) expect((await h.sender.event(event, `Ev-burst-${i}`)).status).toBe(200);
    await h.fake.waitFor(() => (h.fake.callsTo('chat.postMessage').length - before >= 12 ? true : undefined), '12 replies');
    const texts = h.fake.callsTo('chat.postMessage').slice(before).map((p) => String(p.args.text));
    expect(texts.filter((t) => t.includes('plan-article:')).length).toBe(10);
    expect(texts.filter((t) => /try again in \d+ seconds/.test(t)).length).toBe(2);
  });
});

describe('faults of the Slack Web API', () => {
  it('retries a 500 and a slow response as the Web API client does, and answers once', async () => {
    const a = mention('<@UBOT> clause 5.1', 'U0FAULT1');
    h.fake.replyOnce('chat.postMessage', { status: 500, body: { ok: false, error: 'internal_error' } });
    await h.sender.event(a.event, 'Ev-500');
    const ok = await h.fake.waitFor(() => h.fake.callsTo('chat.postMessage').filter((c) => c.args.thread_ts === a.ts)[1], 'the retry after 500');
    expect(String(ok.args.text)).toContain('plan-article:5.1');

    const b = mention('<@UBOT> clause 5.1', 'U0FAULT2');
    h.fake.delayOnce('chat.postMessage', 1500);
    await h.sender.event(b.event, 'Ev-slow');
    await h.fake.waitFor(() => h.fake.callsTo('chat.postMessage').find((c) => c.args.thread_ts === b.ts), 'the slow post');
    await h.slack.idle();
    expect(h.fake.callsTo('chat.postMessage').filter((c) => c.args.thread_ts === b.ts)).toHaveLength(1);
  });

  it('logs a post that fails for good with its event id, and keeps answering', async () => {
    const a = mention('<@UBOT> clause 5.1', 'U0FAULT3');
    for (let i = 0; i < 6; i++) h.fake.replyOnce('chat.postMessage', { status: 500, body: { ok: false, error: 'internal_error' } });
    await h.sender.event(a.event, 'Ev-down');
    await h.fake.waitFor(() => h.logs.find((l) => l.eventId === 'Ev-down' && l.level === 'error'), 'the failure log line', 15_000);
    const b = mention('<@UBOT> clause 7.2', 'U0FAULT4');
    await h.sender.event(b.event, 'Ev-after');
    const post = await h.fake.waitFor(() => h.fake.callsTo('chat.postMessage').find((c) => c.args.thread_ts === b.ts && String(c.args.text).includes('7.2')), 'an answer after the outage', 15_000);
    expect(post).toBeDefined();
  });
});

describe('SIGTERM', () => {
  let cwd: string;
  beforeAll(() => {
    cwd = mkdtempSync(join(tmpdir(), 'slack-sigterm-'));
  });
  afterAll(() => rmSync(cwd, { recursive: true, force: true }));

  it('stops accepting, finishes the answer in flight, and exits 0', async () => {
    const fake = await FakeSlack.start();
    const main = fileURLToPath(new URL('../../../adapters/slack/main.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), main], {
      cwd,
      env: { PATH: process.env.PATH ?? '', SLACK_MODE: 'http', SLACK_BOT_TOKEN: 'xoxb-1-2-sigterm', SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET, SLACK_API_URL: fake.apiUrl, PORT: '0', LOG_LEVEL: 'info' },
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    try {
      const port = await fake.waitFor(() => /"port":(\d+)/.exec(stderr)?.[1], 'the listening port', 20_000);
      const sender = new SlackSender(`http://127.0.0.1:${port}/slack/events`, TEST_SIGNING_SECRET);
      const m = mention('<@UBOT> clause 7.2', 'U0TERM');
      fake.delayOnce('chat.postMessage', 1500);
      expect((await sender.event(m.event, 'Ev-term')).status).toBe(200);
      await fake.waitFor(() => fake.callsTo('chat.postMessage')[0], 'the post to start');
      child.kill('SIGTERM');
      await fake.waitFor(() => (stderr.includes('"msg":"stopping"') ? true : undefined), 'the stop to begin');
      const late = await sender.event(mention('<@UBOT> clause 5.1', 'U0LATE').event, 'Ev-late').then((r) => r.status, () => 'refused');
      expect(late).toBe('refused');
      expect(await exited).toBe(0);
      expect(fake.callsTo('chat.postMessage')).toHaveLength(1);
      // Logged after the post returned: the answer in flight was delivered before the exit.
      const handled = stderr.split('\n').filter((l) => l.includes('"eventId":"Ev-term"')).map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(handled).toEqual([expect.objectContaining({ msg: 'question handled', outcome: 'answered', delivered: true })]);
    } finally {
      child.kill('SIGKILL');
      await fake.close();
    }
  });
});
