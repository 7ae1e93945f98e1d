/**
 * `npm run slack` and `npm run discord` as operators signal them: the process npm starts must be the
 * bot itself (the script `exec`s it), or a SIGTERM kills npm's shell and orphans a bot that keeps the
 * port, and a SIGHUP meant for a reload reaches only the shell.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { FakeSlack } from './adapters/slack/fake-slack.js';
import { TEST_SIGNING_SECRET } from './adapters/slack/harness.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const scripts = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;

const cleanup: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

/** The parent pid of `pid`, from /proc. */
const parentOf = (pid: number): number => Number(readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ')[1]);

function npmRun(script: string, env: Record<string, string>): { child: ChildProcess; waitFor(pattern: RegExp): Promise<RegExpExecArray>; log: () => string } {
  const data = mkdtempSync(join(tmpdir(), `npm-run-${script}-`));
  const child = spawn('npm', ['run', '--silent', script], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? data, DATA_DIR: data, LOG_LEVEL: 'info', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  const waiters: (() => void)[] = [];
  const onData = (d: Buffer): void => {
    log += d.toString();
    for (const w of waiters.splice(0)) w();
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  cleanup.push(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    rmSync(data, { recursive: true, force: true });
  });
  return {
    child,
    log: () => log,
    waitFor: (pattern) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no output matched ${pattern}:\n${log}`)), 60_000);
        const check = (): void => {
          const m = pattern.exec(log);
          if (m) {
            clearTimeout(timer);
            resolve(m);
          } else if (child.exitCode !== null) {
            clearTimeout(timer);
            reject(new Error(`exited ${child.exitCode} before ${pattern}:\n${log}`));
          } else waiters.push(check);
        };
        check();
      }),
  };
}

/** Whether a port can be bound again: the bot that held it is gone. */
async function portFree(port: number): Promise<boolean> {
  const server = createServer();
  return new Promise((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

const discordEnv = (): Record<string, string> => {
  const { publicKey } = generateKeyPairSync('ed25519');
  return {
    DISCORD_TOKEN: 'unused-in-http-mode',
    DISCORD_APPLICATION_ID: '123456789012345678',
    DISCORD_MODE: 'http',
    DISCORD_PUBLIC_KEY: Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url').toString('hex'),
    PORT: '0',
  };
};

const slackEnv = async (): Promise<Record<string, string>> => {
  const fake = await FakeSlack.start();
  cleanup.push(() => fake.close());
  return { SLACK_BOT_TOKEN: 'xoxb-1-npm-run-test', SLACK_MODE: 'http', SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET, SLACK_API_URL: fake.apiUrl, PORT: '0' };
};

describe.skipIf(!existsSync('/proc/self/stat'))('signalling npm run', () => {
  it.each([
    ['discord', discordEnv, /"pid":(\d+)[^\n]*listening for Discord interactions on port (\d+)/],
    ['slack', slackEnv, /"pid":(\d+)[^\n]*"port":(\d+)/],
  ] as const)('npm run %s: the bot is npm\'s own child, reloads on SIGHUP, and on SIGTERM drains, exits 0 and frees its port', async (script, env, listening) => {
    const run = npmRun(script, await env());
    const [, pid, port] = await run.waitFor(listening);
    cleanup.push(() => {
      try {
        process.kill(Number(pid), 'SIGKILL');
      } catch {
        // Already gone, as it should be.
      }
    });
    // No shell in between: what npm (and a supervisor that signals npm) signals is the bot.
    expect(parentOf(Number(pid))).toBe(run.child.pid);
    process.kill(Number(pid), 'SIGHUP');
    await run.waitFor(/corpus reloaded/);
    const exited = once(run.child, 'exit');
    run.child.kill('SIGTERM');
    const [code] = (await exited) as [number | null];
    expect(code, run.log()).toBe(0);
    expect(await portFree(Number(port))).toBe(true);
    expect(scripts[script]).toMatch(/&& exec node /);
  }, 120_000);
});
