/**
 * `npm run discord`'s entry point as real processes, in the modes beyond one gateway process:
 * one process per shard (DISCORD_SHARDS, discord.js's ShardingManager) and the HTTP interactions
 * endpoint (DISCORD_MODE=http).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync, sign } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { FakeDiscord, type JsonObject } from './fake-discord.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const TSX = pathToFileURL(join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;

interface Run {
  child: ChildProcess;
  stderr: () => string;
  /** Resolves when standard error has a line matching `pattern`. */
  waitForLog(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
}

const runs: { run: Run; dir: string }[] = [];
afterAll(async () => {
  for (const { run, dir } of runs.splice(0)) {
    if (run.child.exitCode === null && run.child.signalCode === null) {
      run.child.kill('SIGKILL');
      await once(run.child, 'close');
    }
    rmSync(dir, { recursive: true, force: true });
  }
});

function startMain(env: Record<string, string>): Run {
  const dir = mkdtempSync(join(tmpdir(), 'discord-modes-'));
  const child = spawn(process.execPath, ['--import', TSX, join(ROOT, 'adapters/discord/main.ts')], { cwd: dir, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  const waiters: (() => void)[] = [];
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    for (const w of waiters.splice(0)) w();
  });
  const run: Run = {
    child,
    stderr: () => stderr,
    waitForLog: (pattern, timeoutMs = 15_000) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no log line matched ${pattern}; stderr:\n${stderr}`)), timeoutMs);
        const check = (): void => {
          const m = pattern.exec(stderr);
          if (m) {
            clearTimeout(timer);
            resolve(m);
          } else waiters.push(check);
        };
        check();
      }),
  };
  runs.push({ run, dir });
  return run;
}

const exitCode = async (child: ChildProcess): Promise<number | null> => {
  const [code] = (await once(child, 'exit')) as [number | null];
  return code;
};

describe.concurrent('npm run discord in its scaled-out modes', () => {
  it('with DISCORD_SHARDS=auto runs one process per recommended shard, each identifying as [id, 3], and stops them all on SIGTERM', async () => {
    const fake = await FakeDiscord.start({ shards: 3 });
    try {
      const run = startMain({ DISCORD_TOKEN: fake.token, DISCORD_APPLICATION_ID: fake.ids.application, DISCORD_API_URL: fake.apiUrl, DISCORD_SHARDS: 'auto' });
      await run.waitForLog(/all 3 shards running/, 30_000);
      // Each shard's own process logs its readiness, naming the shard (shard 0's pid differs from shard 1's).
      const ready = await Promise.all([0, 1, 2].map((shard) => run.waitForLog(new RegExp(`"pid":(\\d+)[^\\n]*"shard":${shard}[^\\n]*shard ${shard} ready`))));
      expect(new Set(ready.map((m) => m[1])).size).toBe(3);
      expect([...fake.identifies].sort((a, b) => a[0] - b[0])).toEqual([[0, 3], [1, 3], [2, 3]]);
      // The guild's shard answers a command from its own process.
      const interaction = fake.interaction('topics', []);
      fake.dispatch('INTERACTION_CREATE', interaction);
      const callback = await fake.waitForRequest((r) => r.path === `/interactions/${String(interaction.id)}/${String(interaction.token)}/callback`);
      expect((callback.body as JsonObject).type).toBe(4);
      run.child.kill('SIGTERM');
      expect(await exitCode(run.child)).toBe(0);
      expect(run.stderr()).toContain('stopping every shard');
    } finally {
      await fake.close();
    }
  }, 45_000);

  it('with DISCORD_MODE=http answers a signed PING on PORT and exits 0 on SIGTERM', async () => {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const run = startMain({
      DISCORD_TOKEN: 'unused-in-http-mode',
      DISCORD_APPLICATION_ID: '123456789012345678',
      DISCORD_MODE: 'http',
      DISCORD_PUBLIC_KEY: Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url').toString('hex'),
      PORT: '0',
    });
    const [, port] = await run.waitForLog(/listening for Discord interactions on port (\d+)/);
    const body = '{"type":1}';
    const timestamp = String(Math.floor(Date.now() / 1000));
    const res = await fetch(`http://127.0.0.1:${port}/discord/interactions`, {
      method: 'POST',
      headers: { 'x-signature-timestamp': timestamp, 'x-signature-ed25519': sign(null, Buffer.from(timestamp + body), privateKey).toString('hex') },
      body,
    });
    expect(await res.json()).toEqual({ type: 1 });
    run.child.kill('SIGTERM');
    expect(await exitCode(run.child)).toBe(0);
  });

  it('with DISCORD_MODE=http and no DISCORD_PUBLIC_KEY stops with exit code 2 naming it', async () => {
    const run = startMain({ DISCORD_TOKEN: 't', DISCORD_APPLICATION_ID: '123456789012345678', DISCORD_MODE: 'http' });
    expect(await exitCode(run.child)).toBe(2);
    expect(run.stderr()).toContain('DISCORD_PUBLIC_KEY is required but not set');
  });
});
