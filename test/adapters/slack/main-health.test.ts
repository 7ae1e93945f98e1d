/**
 * `npm run slack` as a service: in Socket Mode, METRICS_PORT serves /healthz, /readyz and /metrics;
 * a corpus that fails to load at start keeps the process up, not ready (503, with the reason), when
 * there is such a port, and exits 1 as before when there is none.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../helpers/ports.js';
import { FakeSlack } from './fake-slack.js';
import { TEST_APP_TOKEN, TEST_BOT_TOKEN } from './harness.js';
import { SQLITE_UNAVAILABLE } from '../../helpers/sqlite.js';

const MAIN = fileURLToPath(new URL('../../../adapters/slack/main.ts', import.meta.url));
const TSX = import.meta.resolve('tsx');

let dir: string;
let fake: FakeSlack;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'slack-health-'));
  fake = await FakeSlack.start();
});
afterAll(async () => {
  await fake?.close();
  rmSync(dir, { recursive: true, force: true });
});

function start(env: Record<string, string>): { child: ChildProcessWithoutNullStreams; stderr: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', TSX, MAIN], { cwd: dir, env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'info', DATA_DIR: join(dir, 'data'), ...env } });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return { child, stderr: () => stderr, exited: new Promise((resolve) => child.on('close', resolve)) };
}

/** Polls `url` until it answers (any status); a bound on waiting, not a timing assertion. */
async function reach(url: string, stderr: () => string): Promise<Response> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const res = await fetch(url).catch(() => undefined);
    if (res) return res;
    if (Date.now() > deadline) throw new Error(`${url} never answered: ${stderr()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const socketEnv = (): Record<string, string> => ({ SLACK_BOT_TOKEN: TEST_BOT_TOKEN, SLACK_APP_TOKEN: TEST_APP_TOKEN, SLACK_API_URL: fake.apiUrl });

describe('npm run slack as a service', { timeout: 60_000 }, () => {
  // Ready means the store is reachable too: where SQLite cannot load (Node 24 here), /readyz is rightly 503.
  it.skipIf(SQLITE_UNAVAILABLE)('serves the health endpoints on METRICS_PORT in Socket Mode, ready once connected', async () => {
    const port = await freePort();
    const run = start({ ...socketEnv(), METRICS_PORT: String(port) });
    try {
      expect((await reach(`http://127.0.0.1:${port}/healthz`, run.stderr)).status).toBe(200);
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
      expect(ready.status, run.stderr()).toBe(200);
      expect(await ready.json()).toMatchObject({ ready: true, store: { backend: 'sqlite' }, redis: { backend: 'memory' } });
      expect(await (await fetch(`http://127.0.0.1:${port}/metrics`)).text()).toContain('# TYPE peace_plan_bot_questions_total counter');
    } finally {
      run.child.kill('SIGTERM');
    }
    expect(await run.exited).toBe(0);
  });

  it('stays up, not ready, naming the corpus error, when the corpus fails at start and METRICS_PORT is set', async () => {
    const corpus = mkdtempSync(join(dir, 'corpus-'));
    writeFileSync(join(corpus, 'broken.txt'), '---\nid: broken\n---\nNo title.\n');
    const port = await freePort();
    const run = start({ ...socketEnv(), METRICS_PORT: String(port), CORPUS_DIR: corpus });
    try {
      const ready = await reach(`http://127.0.0.1:${port}/readyz`, run.stderr);
      expect(ready.status).toBe(503);
      const body = (await ready.json()) as { ready: boolean; corpus: { ok: boolean; detail: string } };
      expect(body).toMatchObject({ ready: false, corpus: { ok: false } });
      expect(body.corpus.detail).toContain('failed to load');
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    } finally {
      run.child.kill('SIGTERM');
    }
    expect(await run.exited).toBe(1);
  });

  it('exits 1 as before when the corpus fails and there is no health port', async () => {
    const corpus = mkdtempSync(join(dir, 'corpus-'));
    writeFileSync(join(corpus, 'broken.txt'), '---\nid: broken\n---\nNo title.\n');
    const run = start({ ...socketEnv(), CORPUS_DIR: corpus });
    expect(await run.exited).toBe(1);
  });
});
