/**
 * Two Slack HTTP replicas (the real Bolt app, twice) behind a round-robin forwarder, sharing a real
 * redis-server: retries that land on the other replica are answered once, a user's limit holds
 * across both, killing Redis mid-run loses nothing, and a Redis restarted empty answers nothing twice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSlackApp, EVENTS_PATH, type SlackBot } from '../../../adapters/slack/app.js';
import { loadSlackConfig } from '../../../adapters/slack/config.js';
import { PlanBot } from '../../../src/dialogue/bot.js';
import { createLogger } from '../../../src/runtime/logger.js';
import { createSharedState } from '../../../src/state/create-state.js';
import type { SharedState } from '../../../src/state/shared-state.js';
import { pool } from '../../helpers/pool.js';
import { redisTestsRun, startRedis, type RedisServer } from '../../helpers/redis-server.js';
import { FakeSlack, SlackSender } from './fake-slack.js';
import { startForwarder, type Forwarder } from './forwarder.js';
import { TEST_BOT_TOKEN, TEST_SIGNING_SECRET } from './harness.js';

interface Replica {
  slack: SlackBot;
  state: SharedState;
}

// Thousands of HTTP requests through three servers: bounded generously for a busy shared machine.
describe.runIf(redisTestsRun())('two Slack replicas sharing Redis', { timeout: 90_000 }, () => {
  let redis: RedisServer;
  let fake: FakeSlack;
  let forwarder: Forwarder;
  let sender: SlackSender;
  const replicas: Replica[] = [];
  const logLines: string[] = [];

  beforeAll(async () => {
    redis = await startRedis();
    fake = await FakeSlack.start();
    const logger = createLogger({ level: 'info', destination: { write: (line: string) => void logLines.push(line) } });
    const config = loadSlackConfig({
      SLACK_BOT_TOKEN: TEST_BOT_TOKEN,
      SLACK_MODE: 'http',
      SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
      SLACK_API_URL: fake.apiUrl,
      RATE_LIMIT_PER_MINUTE: '10',
      REDIS_URL: redis.url,
    });
    for (let i = 0; i < 2; i++) {
      const state = await createSharedState(config, logger.child({ replica: i }));
      expect(state.backend).toBe('redis');
      const slack = createSlackApp({ config, bot: PlanBot.load(PlanBot.optionsFrom(config)), logger: logger.child({ replica: i }), state, retryConfig: { retries: 1, minTimeout: 10 } });
      await slack.start({ port: 0, host: '127.0.0.1' });
      replicas.push({ slack, state });
    }
    forwarder = await startForwarder(replicas.map((r) => r.slack.port!));
    sender = new SlackSender(`${forwarder.url}${EVENTS_PATH}`, TEST_SIGNING_SECRET);
  });

  afterAll(async () => {
    await forwarder?.close();
    for (const { slack, state } of replicas) {
      await slack.stop();
      await state.close();
    }
    await fake?.close();
    await redis?.stop();
  });

  const mention = (run: string, i: number, user: string): { event: Record<string, unknown>; ts: string; eventId: string } => {
    const ts = `17640${run}.${String(i).padStart(6, '0')}`;
    return { ts, eventId: `Ev-${run}-${i}`, event: { type: 'app_mention', user, text: '<@UBOT> What about NATO?', ts, event_ts: ts, channel: 'C0REPL', team: 'T0FAKE' } };
  };

  /** Delivers each event twice at once, to different replicas (the second as Slack's retry); returns the HTTP statuses. */
  const deliverTwice = (events: ReturnType<typeof mention>[], onAck?: (done: number) => Promise<void> | void): Promise<number[][]> => {
    let done = 0;
    return pool(
      events.map(({ event, eventId }, i) => async () => {
        const statuses = await Promise.all([
          sender.event(event, eventId, { headers: { 'x-forward-to': String(i % 2) } }),
          sender.event(event, eventId, { headers: { 'x-forward-to': String((i + 1) % 2), 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' } }),
        ]).then((responses) => responses.map((r) => r.status));
        await onAck?.(++done);
        return statuses;
      }),
      50,
    );
  };

  const postsIn = (from: number, thread: (ts: unknown) => boolean) => fake.callsTo('chat.postMessage').slice(from).filter((p) => thread(p.args.thread_ts));

  const settle = async (): Promise<void> => {
    for (const { slack } of replicas) await slack.idle();
  };

  it('answers each of 1,000 events exactly once when every event reaches both replicas', async () => {
    const before = fake.callsTo('chat.postMessage').length;
    const forwardedBefore = [...forwarder.forwarded];
    const events = Array.from({ length: 1000 }, (_, i) => mention('1', i, `UR${i}`));
    const statuses = await deliverTwice(events);
    expect(statuses.flat().filter((s) => s !== 200)).toEqual([]);
    // Each replica got one copy of every event (and, rarely, a retry of a failed connection).
    expect(forwarder.forwarded.every((n, i) => n - forwardedBefore[i]! >= 1000)).toBe(true);
    await fake.waitFor(() => (fake.callsTo('chat.postMessage').length - before >= 1000 ? true : undefined), '1,000 answers', 60_000);
    await settle();
    const posts = fake.callsTo('chat.postMessage').slice(before);
    expect(posts).toHaveLength(1000);
    const perThread = new Map<unknown, number>();
    for (const p of posts) perThread.set(p.args.thread_ts, (perThread.get(p.args.thread_ts) ?? 0) + 1);
    expect(events.filter(({ ts }) => perThread.get(ts) !== 1)).toEqual([]);
  });

  it('does not answer again a retry that arrives after a restart', async () => {
    const before = fake.callsTo('chat.postMessage').length;
    const [first] = await deliverTwice([mention('5', 0, 'URESTART')]);
    expect(first).toEqual([200, 200]);
    await fake.waitFor(() => (fake.callsTo('chat.postMessage').length > before ? true : undefined), 'the answer');
    await settle();
    // A replica started afresh (empty memory) gets Slack's last retry, minutes later.
    const config = loadSlackConfig({ SLACK_BOT_TOKEN: TEST_BOT_TOKEN, SLACK_MODE: 'http', SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET, SLACK_API_URL: fake.apiUrl, REDIS_URL: redis.url });
    const logger = createLogger({ level: 'silent' });
    const state = await createSharedState(config, logger);
    const restarted = createSlackApp({ config, bot: PlanBot.load(), logger, state });
    await restarted.start({ port: 0, host: '127.0.0.1' });
    try {
      const { event, eventId } = mention('5', 0, 'URESTART');
      const retry = await new SlackSender(`http://127.0.0.1:${restarted.port!}${EVENTS_PATH}`, TEST_SIGNING_SECRET).event(event, eventId, { headers: { 'x-slack-retry-num': '3' } });
      expect(retry.status).toBe(200);
      await restarted.idle();
      expect(fake.callsTo('chat.postMessage').length - before).toBe(1);
    } finally {
      await restarted.stop();
      await state.close();
    }
  });

  it('holds a limit of 10 questions a minute for one user across both replicas', async () => {
    const before = fake.callsTo('chat.postMessage').length;
    const events = Array.from({ length: 16 }, (_, i) => mention('2', i, 'ULIMITED'));
    // Plain round robin: eight questions reach each replica, each of which would allow ten on its own.
    const statuses = await pool(events.map(({ event, eventId }) => async () => (await sender.event(event, eventId)).status), 4);
    expect(statuses.every((s) => s === 200)).toBe(true);
    await fake.waitFor(() => (fake.callsTo('chat.postMessage').length - before >= 16 ? true : undefined), '16 replies');
    await settle();
    const texts = fake.callsTo('chat.postMessage').slice(before).map((p) => String(p.args.text));
    expect(texts).toHaveLength(16);
    expect(texts.filter((t) => t.includes('questions in the last minute'))).toHaveLength(6);
    expect(texts.filter((t) => !t.includes('questions in the last minute') && t.includes('plan-article:'))).toHaveLength(10);
  });

  it('loses nothing when Redis is killed mid-run, and shares state again once it is back', async () => {
    const before = fake.callsTo('chat.postMessage').length;
    const events = Array.from({ length: 200 }, (_, i) => mention('3', i, `UK${i}`));
    const statuses = await deliverTwice(events, async (done) => {
      if (done === 80) await redis.kill();
    });
    expect(statuses.flat().filter((s) => s !== 200)).toEqual([]);
    await fake.waitFor(
      () => (events.every(({ ts }) => postsIn(before, (t) => t === ts).length >= 1) ? true : undefined),
      'an answer to every event',
      60_000,
    );
    await settle();
    const perThread = new Map<unknown, number>();
    for (const p of fake.callsTo('chat.postMessage').slice(before)) perThread.set(p.args.thread_ts, (perThread.get(p.args.thread_ts) ?? 0) + 1);
    // Every event answered; at most once per replica (each keeps its own memory while Redis is away).
    expect(events.filter(({ ts }) => !((perThread.get(ts) ?? 0) >= 1 && (perThread.get(ts) ?? 0) <= 2))).toEqual([]);
    expect(logLines.join('')).toContain('Redis is unreachable');
    expect(replicas.map((r) => r.state.backend)).toEqual(['redis-fallback', 'redis-fallback']);

    await redis.restart();
    await fake.waitFor(() => (replicas.every((r) => r.state.backend === 'redis') ? true : undefined), 'both replicas back on Redis', 10_000);
    const after = fake.callsTo('chat.postMessage').length;
    const again = Array.from({ length: 50 }, (_, i) => mention('4', i, `UA${i}`));
    await deliverTwice(again);
    await fake.waitFor(() => (fake.callsTo('chat.postMessage').length - after >= 50 ? true : undefined), '50 answers');
    await settle();
    expect(fake.callsTo('chat.postMessage').slice(after)).toHaveLength(50);
  });
  it('answers every event exactly once when Redis is restarted empty mid-run and Slack re-sends every event to both replicas (issue 22.7)', async () => {
    const before = fake.callsTo('chat.postMessage').length;
    const events = Array.from({ length: 100 }, (_, i) => mention('6', i, `UC${i}`));
    // First deliveries, round robin; Redis dies and comes back empty after the 40th.
    const statuses = await pool(
      events.map(({ event, eventId }, i) => async () => {
        const status = (await sender.event(event, eventId, { headers: { 'x-forward-to': String(i % 2) } })).status;
        if (i === 40) {
          await redis.kill();
          await redis.restart();
        }
        return status;
      }),
      10,
    );
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    await fake.waitFor(() => (events.every(({ ts }) => postsIn(before, (t) => t === ts).length >= 1) ? true : undefined), 'an answer to every event', 60_000);
    await settle();
    await fake.waitFor(() => (replicas.every((r) => r.state.backend === 'redis') ? true : undefined), 'both replicas back on Redis', 10_000);
    // Slack's retries, to both replicas: the one that answered remembers, and told Redis again.
    await deliverTwice(events);
    await settle();
    const perThread = new Map<unknown, number>();
    for (const p of fake.callsTo('chat.postMessage').slice(before)) perThread.set(p.args.thread_ts, (perThread.get(p.args.thread_ts) ?? 0) + 1);
    expect(events.filter(({ ts }) => perThread.get(ts) !== 1).map(({ eventId }) => eventId)).toEqual([]);
  });
});
