/**
 * Slack HTTP acknowledgement latency through two replicas sharing Redis: a real redis-server, two
 * replica processes (slack-replica.ts) behind the round-robin forwarder of the tests, and the same
 * load generator and fake Slack as the one-process figure (slack-peer.ts), at the same rate.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { startForwarder } from '../test/adapters/slack/forwarder.js';
import { startRedis } from '../test/helpers/redis-server.js';

const cwd = new URL('../', import.meta.url);

/** Starts a bench script under tsx; resolves with the process and the first JSON line it prints. */
async function startScript(script: string, env: Record<string, string> = {}): Promise<{ child: ChildProcess; lines: AsyncIterator<string>; first: Record<string, unknown> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', script], { cwd, env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const first = JSON.parse((await lines.next()).value as string) as Record<string, unknown>;
  return { child, lines, first };
}

/** Acknowledgement latency as the one-process figure (bench/chat.ts), through two replicas; null when redis-server is not installed. */
export async function benchSlackReplicas(rate = 500, sent = 5000): Promise<Record<string, number | string> | null> {
  if (spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status !== 0) return null;
  const redis = await startRedis();
  const peer = await startScript('bench/slack-peer.ts');
  const replicas = await Promise.all([0, 1].map(() => startScript('bench/slack-replica.ts', { BENCH_API_URL: String(peer.first.apiUrl), REDIS_URL: redis.url })));
  const backends = replicas.map((r) => String(r.first.backend));
  const forwarder = await startForwarder(replicas.map((r) => Number(r.first.port)));
  try {
    peer.child.stdin!.write(`${JSON.stringify({ port: Number(new URL(forwarder.url).port), rate, sent, warmup: 3 * rate })}\n`);
    const result = JSON.parse((await peer.lines.next()).value as string) as Record<string, number>;
    return { ...result, replicas: 2, backends: backends.join(',') };
  } finally {
    await forwarder.close();
    for (const { child } of replicas) {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
    peer.child.kill();
    await redis.stop();
  }
}
