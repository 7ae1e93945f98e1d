/**
 * `/healthz`, `/readyz` and `/metrics`: readiness says which backend answers (or that a fallback is
 * active), is 503 when the corpus failed or the store is down with no fallback, answers within its
 * cap even when a probe hangs, and a scrape sees the question counters move.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { healthHandler, readiness, serveHealth, type HealthSources } from '../../src/service/health.js';
import { createLogger } from '../../src/runtime/logger.js';
import { logQuestion } from '../../src/store/question-log.js';
import type { RunningStore, StoreStatus } from '../../src/store/types.js';

/** A store that reports what the test says. */
function fakeStore(status: Partial<StoreStatus>, ping: () => Promise<boolean>): RunningStore {
  return {
    backend: status.backend ?? 'postgres',
    storeQuestionText: false,
    record: () => {},
    feedback: () => {},
    hashUser: (u) => u,
    status: () => ({ backend: 'postgres', reachable: true, queued: 0, lost: 0, fallback: true, ...status }),
    ping,
    close: () => {},
  };
}

const loaded = (): { loaded: true; passages: number } => ({ loaded: true, passages: 31 });
const servers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});

async function serve(sources: HealthSources): Promise<string> {
  const s = await serveHealth(healthHandler(sources), 0, '127.0.0.1');
  servers.push(s);
  return `http://127.0.0.1:${s.port}`;
}

describe('readiness', () => {
  it('is ready with every backend reachable, and names them', async () => {
    const r = await readiness({ corpus: loaded, store: fakeStore({}, async () => true), state: { backend: 'redis' } }, 500);
    expect(r).toMatchObject({ ready: true, corpus: { ok: true }, store: { ok: true, backend: 'postgres', fallback: false }, redis: { ok: true, backend: 'redis', fallback: false } });
  });

  it('stays ready while a fallback stands in, and says which', async () => {
    const r = await readiness({ corpus: loaded, store: fakeStore({ reachable: false, queued: 12 }, async () => false), state: { backend: 'redis-fallback' } }, 500);
    expect(r.ready).toBe(true);
    expect(r.store).toMatchObject({ fallback: true, queued: 12 });
    expect(r.store.detail).toContain('12 outcomes queued in memory');
    expect(r.redis).toMatchObject({ fallback: true, backend: 'redis-fallback' });
  });

  it('is not ready when the store is unreachable with no fallback (SQLite broken, or the queue full)', async () => {
    for (const status of [{ backend: 'sqlite' as const, fallback: false }, { backend: 'postgres' as const, fallback: false, queued: 10_000 }]) {
      const r = await readiness({ corpus: loaded, store: fakeStore(status, async () => false) }, 500);
      expect(r.ready, status.backend).toBe(false);
      expect(r.store.detail).toContain('no fallback');
    }
  });
});

describe('the endpoints', () => {
  it('answer alive, ready (200) and not ready (503) when the corpus failed at start', async () => {
    const good = await serve({ corpus: loaded, state: { backend: 'memory' } });
    expect((await fetch(`${good}/healthz`)).status).toBe(200);
    const ready = await fetch(`${good}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ ready: true, redis: { detail: 'memory (REDIS_URL unset)' } });
    expect((await fetch(`${good}/elsewhere`)).status).toBe(404);

    const broken = await serve({ corpus: () => ({ loaded: false, reason: 'corpus/: no documents' }) });
    expect((await fetch(`${broken}/healthz`)).status).toBe(200);
    const notReady = await fetch(`${broken}/readyz`);
    expect(notReady.status).toBe(503);
    expect(await notReady.json()).toMatchObject({ ready: false, corpus: { ok: false, detail: 'failed to load: corpus/: no documents' } });
  });

  it('answer 503 within the cap when a probe hangs, instead of hanging the check', async () => {
    const url = await serve({ corpus: loaded, store: fakeStore({}, () => new Promise<boolean>(() => {})), timeoutMs: 300 });
    const r = await fetch(`${url}/readyz`);
    expect(r.status).toBe(503);
    expect(await r.json()).toEqual({ ready: false, error: 'readiness checks took over 300 ms' });
  });

  it('/metrics counts questions by surface and outcome, with latency, queue depth and Redis fallback', async () => {
    const url = await serve({ corpus: loaded, store: fakeStore({ queued: 7 }, async () => true), state: { backend: 'redis-fallback' } });
    const value = async (): Promise<number> => {
      const text = await (await fetch(`${url}/metrics`)).text();
      return Number(/^peace_plan_bot_questions_total\{surface="test",outcome="answered"\} (\d+)$/m.exec(text)?.[1] ?? 0);
    };
    const before = await value();
    const log = createLogger({ level: 'silent' });
    for (let i = 0; i < 3; i++) logQuestion(log, { surface: 'test', answer: { kind: 'answered', question: 'NATO?' }, latencyMs: 2, logQuestions: false });
    expect(await value()).toBe(before + 3);
    const text = await (await fetch(`${url}/metrics`)).text();
    expect(text).toMatch(/^peace_plan_bot_answer_latency_seconds_count\{surface="test"\} \d+$/m);
    expect(text).toContain('peace_plan_bot_store_queue_depth{backend="postgres"} 7');
    expect(text).toContain('peace_plan_bot_redis_fallback 1');
    expect(text).toContain('# TYPE peace_plan_bot_discord_shard_status gauge');
  });
});
