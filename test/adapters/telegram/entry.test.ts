/**
 * `npm run telegram`'s entry point as a real process, with a clean environment, against the fake
 * Bot API: bad configuration exits 2, a token Telegram rejects exits 1 naming TELEGRAM_BOT_TOKEN,
 * and a good one answers, records outcomes and exits 0 on SIGTERM.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readReport } from '../../../src/store/query.js';
import { SQLITE_UNAVAILABLE } from '../../helpers/sqlite.js';
import { FakeTelegram } from './fake-telegram.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const TSX = pathToFileURL(join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;

interface Run {
  kill(signal: NodeJS.Signals): void;
  stderr: () => string;
  done: Promise<{ code: number | null; stderr: string }>;
}

/** Starts main.ts under tsx with only `env` (and PATH), in `cwd` or an empty folder, so no `.env` leaks in. */
function start(env: Record<string, string>, cwd?: string): Run {
  const dir = cwd ?? mkdtempSync(join(tmpdir(), 'telegram-entry-'));
  const child = spawn(process.execPath, ['--import', TSX, join(ROOT, 'adapters/telegram/main.ts')], { cwd: dir, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<{ code: number | null; stderr: string }>((resolve) =>
    child.on('close', (code) => {
      if (!cwd) rmSync(dir, { recursive: true, force: true });
      resolve({ code, stderr });
    }),
  );
  return { kill: (signal) => child.kill(signal), stderr: () => stderr, done };
}

async function logged(run: Run, text: string, timeoutMs = 15_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!run.stderr().includes(text)) {
    if (Date.now() > until) throw new Error(`not logged within ${timeoutMs} ms: ${text}\n${run.stderr()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

// Each case starts a process under tsx: bounded generously for a busy shared machine.
describe('npm run telegram with bad configuration', { timeout: 60_000 }, () => {
  it('exits 2 naming TELEGRAM_BOT_TOKEN when it is not set', async () => {
    const { code, stderr } = await start({}).done;
    expect(code).toBe(2);
    expect(stderr).toContain('TELEGRAM_BOT_TOKEN is required');
  });

  it('exits 2 naming a malformed token and a bad number, without echoing the token', async () => {
    const { code, stderr } = await start({ TELEGRAM_BOT_TOKEN: 'not-a-token-value', TELEGRAM_SENDS_PER_SECOND: 'fast' }).done;
    expect(code).toBe(2);
    expect(stderr).toContain('TELEGRAM_BOT_TOKEN is invalid');
    expect(stderr).toContain('TELEGRAM_SENDS_PER_SECOND is invalid');
    expect(stderr).not.toContain('not-a-token-value');
  });

  it('exits 2 naming TELEGRAM_WEBHOOK_SECRET when webhook mode has none', async () => {
    const { code, stderr } = await start({ TELEGRAM_BOT_TOKEN: '7000000001:AAFakeTokenForTestsOnly_abcdefghijklm', TELEGRAM_MODE: 'webhook' }).done;
    expect(code).toBe(2);
    expect(stderr).toContain('TELEGRAM_WEBHOOK_SECRET is required but not set');
  });
});

describe('npm run telegram against the fake Bot API', { timeout: 60_000 }, () => {
  let fake: FakeTelegram;
  beforeAll(async () => {
    fake = await FakeTelegram.start();
  });
  afterAll(async () => {
    await fake?.close();
  });

  it('exits 1 naming TELEGRAM_BOT_TOKEN when getMe says 401, without printing the token', async () => {
    const wrong = '7000000001:AAWrongTokenWrongTokenWrongToken0123';
    const { code, stderr } = await start({ TELEGRAM_BOT_TOKEN: wrong, TELEGRAM_API_ROOT: fake.apiRoot }).done;
    expect(code).toBe(1);
    expect(stderr).toContain('TELEGRAM_BOT_TOKEN was rejected by Telegram (getMe: 401');
    expect(stderr).not.toContain(wrong);
  });

  it.skipIf(SQLITE_UNAVAILABLE)('polls, answers a private question, records it in DATA_DIR, and exits 0 on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'telegram-run-'));
    const run = start({ TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot, USER_ID_SALT: 'entry-test-salt-0123456789' }, dir);
    try {
      await logged(run, 'long polling');
      fake.push(fake.message('Does Russia rejoin the G8?', { chatId: 4001 }));
      const sent = await fake.waitForCall((c) => c.method === 'sendMessage' && c.body.chat_id === 4001, 15_000);
      expect(String(sent.body.text)).toContain('G8');
      await logged(run, 'question handled');
    } finally {
      run.kill('SIGTERM');
    }
    const { code, stderr } = await run.done;
    expect(code).toBe(0);
    expect(stderr).toContain('shutting down');
    expect(stderr).not.toContain(fake.token);
    expect(fake.callsOf('deleteWebhook')).toHaveLength(1);
    const report = readReport(join(dir, 'data', 'peace-plan.db'), 0, Date.now() + 1);
    rmSync(dir, { recursive: true, force: true });
    expect(report.status).toBe('ok');
    if (report.status === 'ok') expect(report.data.surfaces).toContain('telegram');
  });

  it('in webhook mode registers the webhook with its secret, serves POST /telegram/webhook on PORT, and exits 0 on SIGTERM', async () => {
    const secret = 'entry-webhook-secret-0123456789';
    const run = start({ TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot, TELEGRAM_MODE: 'webhook', TELEGRAM_WEBHOOK_SECRET: secret, TELEGRAM_WEBHOOK_URL: 'https://bot.example.org/telegram/webhook', PORT: '0' });
    try {
      await logged(run, 'webhook registered');
      const port = Number(/"port":(\d+)/.exec(run.stderr())?.[1]);
      const registered = fake.callsOf('setWebhook').at(-1)!;
      expect(registered.body).toMatchObject({ url: 'https://bot.example.org/telegram/webhook', secret_token: secret });
      expect(registered.body.allowed_updates).toEqual(expect.arrayContaining(['message', 'inline_query', 'callback_query', 'my_chat_member']));
      const update = fake.message('/clause 13.1', { chatId: 4002, entities: [{ type: 'bot_command', offset: 0, length: 7 }] });
      const res = await fetch(`http://127.0.0.1:${port}/telegram/webhook`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret }, body: JSON.stringify(update) });
      expect(res.status).toBe(200);
      expect(String((await fake.waitForCall((c) => c.method === 'sendMessage' && c.body.chat_id === 4002)).body.text)).toContain('plan-article:13.1');
    } finally {
      run.kill('SIGTERM');
    }
    const { code, stderr } = await run.done;
    expect(code).toBe(0);
    expect(stderr).not.toContain(secret);
  });
});
