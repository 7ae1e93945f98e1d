/**
 * Two Slack replicas sharing conversations through a real redis-server: a follow-up in a thread and
 * an edit of a question are handled right by the replica that did not answer the first turn.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/runtime/logger.js';
import { RedisConversationStore } from '../../../src/state/redis-conversations.js';
import { redisTestsRun, startRedis, type RedisServer } from '../../helpers/redis-server.js';
import type { ApiCall } from './fake-slack.js';
import { nextTs, startHarness, type Harness } from './harness.js';

describe.runIf(redisTestsRun())('conversations shared by two Slack replicas', () => {
  let redis: RedisServer;
  let a: Harness;
  let b: Harness;
  const stores: RedisConversationStore[] = [];
  beforeAll(async () => {
    redis = await startRedis();
    const logger = createLogger({ level: 'silent' });
    for (let i = 0; i < 2; i++) {
      const s = new RedisConversationStore({ url: redis.url, ttlMs: 60_000, logger });
      await s.ready();
      stores.push(s);
    }
    a = await startHarness({ conversations: stores[0]! });
    b = await startHarness({ conversations: stores[1]! });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    for (const s of stores) await s.close();
    await redis?.stop();
  });

  const mention = (text: string, ts: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
    type: 'app_mention', user: 'U0ASKER', text, ts, event_ts: ts, channel: 'C0SHARED', team: 'T0FAKE', ...extra,
  });
  const shown = (call: ApiCall): string => JSON.stringify(call.args.blocks ?? []);
  async function ask(h: Harness, event: Record<string, unknown>): Promise<ApiCall> {
    const before = h.fake.callsTo('chat.postMessage').length;
    await h.sender.event(event, `Ev-shared-${nextTs()}`);
    const post = await h.fake.waitFor(() => h.fake.callsTo('chat.postMessage')[before], `an answer to ${String(event.text)}`);
    await h.slack.idle();
    return post;
  }

  it('answers "tell me more" on replica B from the thread replica A answered', async () => {
    const root = nextTs();
    await ask(a, mention('<@UBOT> What does the plan say about NATO?', root));
    const more = await ask(b, mention('<@UBOT> tell me more', nextTs(), { thread_ts: root }));
    expect(more.args.thread_ts).toBe(root);
    expect(shown(more)).toContain('600,000 personnel');
  });

  it("updates replica A's answer in place when the edit reaches replica B", async () => {
    const root = nextTs();
    await ask(a, mention('<@UBOT> What does the plan say about NATO?', root));
    const posted = b.fake.callsTo('chat.postMessage').length;
    await b.sender.event(mention('<@UBOT> Is Crimea recognized as Russian?', root, { edited: { user: 'U0ASKER', ts: nextTs() } }), `Ev-shared-edit-${root}`);
    const update = await b.fake.waitFor(() => b.fake.callsTo('chat.update').find((c) => String(c.args.text).includes('13.1')), 'the update');
    await b.slack.idle();
    // chat.update names the answer A posted: B learnt it from Redis, and posted nothing new.
    expect(update.args).toMatchObject({ channel: 'C0SHARED', ts: expect.stringMatching(/^\d+\.\d+$/) });
    expect(b.fake.callsTo('chat.postMessage').length).toBe(posted);
  });
});
