/**
 * `GET /healthz` (the process is alive), `GET /readyz` (it can answer: corpus loaded, store and
 * Redis reachable or their fallback active, saying which) and `GET /metrics` (Prometheus). One
 * request handler, mounted on the adapter's own HTTP server in HTTP modes, or served alone on
 * `METRICS_PORT` (Socket Mode, the Discord gateway). Every endpoint answers within a time cap: a
 * probe stuck on a dead database says so with a 503 instead of hanging the orchestrator's check.
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { StateBackend } from '../state/shared-state.js';
import type { RunningStore } from '../store/types.js';
import { metrics, setProbes } from './metrics.js';

/** Whether the corpus loaded at start (a process that failed to load it serves 503 until restarted). */
export type CorpusHealth = { loaded: true; passages: number } | { loaded: false; reason: string };

/** What readiness reads. */
export interface HealthSources {
  corpus: () => CorpusHealth;
  /** The outcome store, when the process records outcomes. */
  store?: RunningStore | undefined;
  /** Shared state, when the process has it. */
  state?: { readonly backend: StateBackend } | undefined;
  /** Cap on each request, ms; default 2000 (orchestrators' probes usually time out at 1–5 s). */
  timeoutMs?: number;
}

/** One check's verdict: `ok`, and in words what answers (e.g. `postgres`, or `memory (Redis unreachable)`). */
export interface Check {
  ok: boolean;
  detail: string;
}

/** The `/readyz` body. */
export interface Readiness {
  ready: boolean;
  corpus: Check;
  store: Check & { backend: string; fallback: boolean; queued: number };
  redis: Check & { backend: string; fallback: boolean };
}

/** Reads every check. The store is pinged within `timeoutMs`; the rest is read from memory. */
export async function readiness(sources: HealthSources, timeoutMs: number): Promise<Readiness> {
  const c = sources.corpus();
  const corpus: Check = c.loaded ? { ok: true, detail: `loaded (${c.passages} passages)` } : { ok: false, detail: `failed to load: ${c.reason}` };
  let store: Readiness['store'] = { ok: true, detail: 'not recording outcomes', backend: 'none', fallback: false, queued: 0 };
  if (sources.store) {
    const reachable = await sources.store.ping(timeoutMs);
    const s = sources.store.status();
    if (reachable) store = { ok: true, detail: `${s.backend} reachable`, backend: s.backend, fallback: false, queued: s.queued };
    else if (s.fallback) store = { ok: true, detail: `${s.backend} unreachable; fallback active: ${s.queued} outcomes queued in memory`, backend: s.backend, fallback: true, queued: s.queued };
    else store = { ok: false, detail: `${s.backend} unreachable and no fallback (${s.backend === 'sqlite' ? 'outcomes are dropped' : 'the memory queue is full'})`, backend: s.backend, fallback: false, queued: s.queued };
  }
  const backend = sources.state?.backend ?? 'memory';
  const redis: Readiness['redis'] =
    backend === 'redis'
      ? { ok: true, detail: 'redis reachable', backend, fallback: false }
      : backend === 'redis-fallback'
        ? { ok: true, detail: "redis unreachable; fallback active: this process's memory", backend, fallback: true }
        : { ok: true, detail: 'memory (REDIS_URL unset)', backend, fallback: false };
  return { ready: corpus.ok && store.ok && redis.ok, corpus, store, redis };
}

/** Resolves with `work`'s result, or with `late` after `ms`. */
async function capped<T>(work: Promise<T>, ms: number, late: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([work, new Promise<T>((resolve) => (timer = setTimeout(() => resolve(late), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
}

/** Paths this handler answers. */
export const HEALTH_PATHS = ['/healthz', '/readyz', '/metrics'] as const;

/**
 * The request handler for the three endpoints; also registers the store and state probes of
 * `/metrics`. Returns false (and writes nothing) for any other path, so that a server can fall through.
 */
export function healthHandler(sources: HealthSources): (req: IncomingMessage, res: ServerResponse) => boolean {
  const cap = sources.timeoutMs ?? 2000;
  setProbes({
    ...(sources.store ? { store: () => sources.store!.status() } : {}),
    ...(sources.state ? { state: () => sources.state!.backend } : {}),
  });
  return (req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (!(HEALTH_PATHS as readonly string[]).includes(path ?? '')) return false;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(res, 405, 'text/plain', 'method not allowed\n');
      return true;
    }
    if (path === '/healthz') {
      send(res, 200, 'application/json', '{"status":"alive"}\n');
      return true;
    }
    const work =
      path === '/readyz'
        ? capped(readiness(sources, cap - 100), cap, undefined).then((r) =>
            r === undefined ? send(res, 503, 'application/json', `${JSON.stringify({ ready: false, error: `readiness checks took over ${cap} ms` })}\n`) : send(res, r.ready ? 200 : 503, 'application/json', `${JSON.stringify(r)}\n`),
          )
        : capped(metrics.metrics(), cap, undefined).then((text) => (text === undefined ? send(res, 503, 'text/plain', `metrics took over ${cap} ms\n`) : send(res, 200, metrics.contentType, text)));
    work.catch((err: unknown) => send(res, 500, 'text/plain', `${err instanceof Error ? err.message : String(err)}\n`));
    return true;
  };
}

/** A server of its own for the three endpoints (`METRICS_PORT`); 404 for anything else. */
export async function serveHealth(handler: ReturnType<typeof healthHandler>, port: number, host?: string): Promise<{ server: Server; port: number; close(): Promise<void> }> {
  const server = createServer({ requestTimeout: 5000, headersTimeout: 5000 }, (req, res) => {
    if (!handler(req, res)) send(res, 404, 'text/plain', 'not found\n');
  });
  server.listen(port, host);
  await once(server, 'listening');
  return {
    server,
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * The corpus failed to load at start: rather than crash-loop silently, serve the three endpoints
 * alone, `/readyz` answering 503 with the reason, so that the orchestrator keeps the replica out of
 * rotation and shows why. SIGTERM or SIGINT ends the process with exit code 1.
 */
export async function serveUnready(reason: string, port: number, log: { error(obj: object, msg: string): void }): Promise<void> {
  const served = await serveHealth(healthHandler({ corpus: () => ({ loaded: false, reason }) }), port);
  log.error({ port: served.port, reason }, `the corpus failed to load; not answering, /readyz answers 503 on port ${served.port} until this is fixed and the process restarted`);
  const stop = (): void => void served.close().finally(() => process.exit(1));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
