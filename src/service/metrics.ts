/**
 * The process's Prometheus metrics (prom-client), in one registry served at `GET /metrics`. Questions
 * are counted through `onQuestionHandled` (the one log line of each), so only the processes that
 * serve metrics load this; the gauges read probes at scrape time, so nothing has to remember to
 * update them (a probe is set by whoever owns the thing measured).
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { onQuestionHandled } from '../store/question-log.js';

/** The registry `/metrics` serves. */
export const metrics = new Registry();
// Process metrics (CPU, memory, event-loop lag, GC), under the bot's prefix so they never clash.
collectDefaultMetrics({ register: metrics, prefix: 'peace_plan_bot_' });

/** Questions handled, by surface (`slack`, `discord`, `cli`) and outcome (the core's answer kind). */
export const questionsTotal = new Counter({
  name: 'peace_plan_bot_questions_total',
  help: 'Questions handled, by surface and outcome (the answer kind)',
  labelNames: ['surface', 'outcome'] as const,
  registers: [metrics],
});

/** Time from a question's arrival to its answer being handed to the platform. */
export const answerLatency = new Histogram({
  name: 'peace_plan_bot_answer_latency_seconds',
  help: 'Seconds from a question to its answer being sent, by surface',
  labelNames: ['surface'] as const,
  // The core answers in about a millisecond; the platform's round trip is the rest.
  buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  registers: [metrics],
});

onQuestionHandled((surface, outcome, latencyMs) => {
  questionsTotal.inc({ surface, outcome });
  answerLatency.observe({ surface }, latencyMs / 1000);
});

/** What the gauges read at scrape time; each is set by the code that owns the thing it measures. */
export interface Probes {
  store?: () => { backend: string; queued: number; lost: number; reachable: boolean };
  /** `memory`, `redis` or `redis-fallback`. */
  state?: () => string;
  /** discord.js's status of each shard (0 is READY). */
  shards?: () => { id: number; status: number }[];
}

const probes: Probes = {};

/** Registers (or replaces) probes. One process is one replica, so one of each is enough. */
export function setProbes(next: Probes): void {
  Object.assign(probes, next);
}

new Gauge({
  name: 'peace_plan_bot_store_queue_depth',
  help: 'Outcome records waiting in memory to be written, by store backend',
  labelNames: ['backend'] as const,
  registers: [metrics],
  collect() {
    this.reset();
    const s = probes.store?.();
    if (s) this.set({ backend: s.backend }, s.queued);
  },
});

new Gauge({
  name: 'peace_plan_bot_store_records_lost',
  help: 'Outcome records lost since start (queue full, store closed or refused)',
  labelNames: ['backend'] as const,
  registers: [metrics],
  collect() {
    this.reset();
    const s = probes.store?.();
    if (s) this.set({ backend: s.backend }, s.lost);
  },
});

new Gauge({
  name: 'peace_plan_bot_store_reachable',
  help: '1 when the outcome database took the last write, 0 while it is unreachable',
  labelNames: ['backend'] as const,
  registers: [metrics],
  collect() {
    this.reset();
    const s = probes.store?.();
    if (s) this.set({ backend: s.backend }, s.reachable ? 1 : 0);
  },
});

new Gauge({
  name: 'peace_plan_bot_redis_fallback',
  help: "1 while Redis is configured but unreachable and this process's memory stands in; 0 otherwise",
  registers: [metrics],
  collect() {
    this.set(probes.state?.() === 'redis-fallback' ? 1 : 0);
  },
});

new Gauge({
  name: 'peace_plan_bot_shared_state_backend',
  help: 'Where shared state lives now (1 for the current backend: memory, redis or redis-fallback)',
  labelNames: ['backend'] as const,
  registers: [metrics],
  collect() {
    this.reset();
    const backend = probes.state?.();
    if (backend) this.set({ backend }, 1);
  },
});

new Gauge({
  name: 'peace_plan_bot_discord_shard_status',
  help: "Each Discord gateway shard's discord.js status (0 ready, 1 connecting, 2 reconnecting, 3 idle, 4 nearly, 5 disconnected, …)",
  labelNames: ['shard'] as const,
  registers: [metrics],
  collect() {
    this.reset();
    for (const s of probes.shards?.() ?? []) this.set({ shard: String(s.id) }, s.status);
  },
});
