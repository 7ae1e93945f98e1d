/**
 * The chat adapters as users run them: `npm run slack`, `npm run discord` and `npm run telegram` (their
 * built bundles, in their own processes, pinned to core 0) against fake Slack, fake Discord and the fake
 * Telegram Bot API and a load generator in
 * another process (pinned to core 1), so that neither steals the other's CPU. Per run: resident memory
 * once connected and idle, resident memory at its highest under 50 events a second, the time from an
 * event to its answer at that rate, and (Slack) HTTP acknowledgements at 500 requests a second.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import type { DiscordPhase } from './discord-peer.js';
import type { TelegramPhase } from './telegram-peer.js';
import { BENCH_SECRET, type SlackPhase } from './slack-peer.js';

const root = new URL('../', import.meta.url);
const BOT_CORE = 0;
const PEER_CORE = 1;

/** Whether `taskset` can pin processes here (Linux with util-linux); elsewhere they run unpinned. */
export const canPin = spawnSync('taskset', ['-c', '0', 'true']).status === 0;

/** Spawns `node args` pinned to `core` (when possible). taskset execs node, so the pid is node's. */
export function pinnedNode(core: number, args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string | URL } = {}): ChildProcess {
  const [cmd, argv] = canPin ? ['taskset', ['-c', String(core), process.execPath, ...args]] : [process.execPath, args];
  return spawn(cmd, argv as string[], { cwd: options.cwd ?? root, env: options.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'] });
}

/** Resident set size of a process in MiB (Linux /proc), or NaN where it cannot be read. */
function rssMib(pid: number | undefined): number {
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Math.round((Number(kb) / 1024) * 10) / 10 : NaN;
  } catch {
    return NaN;
  }
}

/**
 * CPU time a process has used so far, in ms (Linux /proc; clock ticks are 10 ms on Linux), or NaN.
 * Unlike latency, CPU per event hardly moves when other work shares the machine.
 */
function cpuMs(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return NaN;
  }
}

/** Line reader over a child's stdout: each call returns the next line. */
function lines(child: ChildProcess): () => Promise<string> {
  const it = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  return async () => {
    const next = await it.next();
    if (next.done) throw new Error('bench peer exited early');
    return next.value as string;
  };
}

/** Resolves with the first stderr line of `child` that matches `pattern` (the bots log JSON lines there). */
function logLine(child: ChildProcess, pattern: RegExp, timeoutMs = 30_000): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let tail = '';
    const timer = setTimeout(() => reject(new Error(`bot did not log ${pattern} within ${timeoutMs} ms: ${tail.slice(-500)}`)), timeoutMs);
    const rl = createInterface({ input: child.stderr! });
    rl.on('line', (line) => {
      tail = (tail + line + '\n').slice(-2000);
      const m = pattern.exec(line);
      if (m) {
        clearTimeout(timer);
        resolve(m);
      }
    });
    child.once('exit', (code) => reject(new Error(`bot exited (${code}) before logging ${pattern}: ${tail.slice(-500)}`)));
  });
}

/** Runs `during` while sampling the bot's RSS every 100 ms; returns its result and the highest sample. */
async function sampled<T>(pid: number | undefined, during: Promise<T>): Promise<[T, number]> {
  let peak = rssMib(pid);
  const timer = setInterval(() => (peak = Math.max(peak, rssMib(pid))), 100);
  try {
    return [await during, peak];
  } finally {
    clearInterval(timer);
    peak = Math.max(peak, rssMib(pid));
  }
}

/** Stops a bot the way a supervisor does (SIGTERM) and waits for it to exit. */
async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await Promise.race([exited, sleep(6000).then(() => child.kill('SIGKILL'))]);
}

/** The bot's environment: only what it needs, in an empty working directory so that no .env leaks in. */
function botEnv(vars: Record<string, string>): { env: NodeJS.ProcessEnv; cwd: string } {
  return { env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'info', ...vars }, cwd: mkdtempSync(join(tmpdir(), 'bench-bot-')) };
}

/** At 50 events a second: 2 s of untimed warm-up, then 10 s timed. */
export const CHAT_RATE = 50;
const chatPhase = { rate: CHAT_RATE, warmup: 2 * CHAT_RATE, sent: 10 * CHAT_RATE };

/** One run of `npm run slack` (HTTP mode): memory, answer latency at 50/s, acknowledgements at 500/s. */
export async function slackRun(): Promise<Record<string, number>> {
  const peer = pinnedNode(PEER_CORE, ['--import', 'tsx', 'bench/slack-peer.ts']);
  peer.stderr!.pipe(process.stderr);
  const next = lines(peer);
  const { apiUrl } = JSON.parse(await next()) as { apiUrl: string };
  const { env, cwd } = botEnv({ SLACK_BOT_TOKEN: 'xoxb-0-0-bench', SLACK_MODE: 'http', SLACK_SIGNING_SECRET: BENCH_SECRET, SLACK_API_URL: apiUrl, PORT: '0' });
  const bot = pinnedNode(BOT_CORE, ['--enable-source-maps', new URL('dist/slack.mjs', root).pathname], { env, cwd });
  try {
    const port = Number((await logLine(bot, /listening for Slack requests on port (\d+)/))[1]);
    await sleep(2000);
    const idle = rssMib(bot.pid);
    const ask = async (p: Omit<SlackPhase, 'port'>): Promise<Record<string, number>> => {
      peer.stdin!.write(`${JSON.stringify({ port, ...p })}\n`);
      return JSON.parse(await next()) as Record<string, number>;
    };
    const cpu0 = cpuMs(bot.pid);
    const [chat, loaded] = await sampled(bot.pid, ask(chatPhase));
    const cpu1 = cpuMs(bot.pid);
    const ackPhase = { rate: 500, warmup: 1500, sent: 5000 };
    const ack = await ask(ackPhase);
    const cpu2 = cpuMs(bot.pid);
    return {
      idle_rss_mib: idle,
      loaded_rss_mib: loaded,
      answer_p50_ms: chat.answer_p50_ms!,
      answer_p99_ms: chat.answer_p99_ms!,
      answer_sent: chat.sent!,
      answered_at_50: chat.answered!,
      cpu_ms_per_event: Math.round(((cpu1 - cpu0) / (chatPhase.warmup + chatPhase.sent)) * 100) / 100,
      ack_cpu_ms_per_event: Math.round(((cpu2 - cpu1) / (ackPhase.warmup + ackPhase.sent)) * 100) / 100,
      ack_p50_ms: ack.p50_ms!,
      ack_p99_ms: ack.p99_ms!,
      ack_achieved_rate: ack.achieved_rate!,
      ack_sent: ack.sent!,
      acknowledged: ack.acknowledged!,
      answered_at_500: ack.answered!,
    };
  } finally {
    await stop(bot);
    peer.stdin!.end();
    await stop(peer);
    rmSync(cwd, { recursive: true, force: true });
  }
}

/** One run of `npm run discord` against the fake gateway: memory and `/ask` latency at 50/s. */
export async function discordRun(): Promise<Record<string, number>> {
  const peer = pinnedNode(PEER_CORE, ['--import', 'tsx', 'bench/discord-peer.ts']);
  peer.stderr!.pipe(process.stderr);
  const next = lines(peer);
  const fake = JSON.parse(await next()) as { apiUrl: string; token: string; application: string };
  const { env, cwd } = botEnv({ DISCORD_TOKEN: fake.token, DISCORD_APPLICATION_ID: fake.application, DISCORD_API_URL: fake.apiUrl });
  const bot = pinnedNode(BOT_CORE, ['--enable-source-maps', new URL('dist/discord.mjs', root).pathname], { env, cwd });
  try {
    await logLine(bot, /connected to Discord/);
    await sleep(2000);
    const idle = rssMib(bot.pid);
    const phase: DiscordPhase = chatPhase;
    peer.stdin!.write(`${JSON.stringify(phase)}\n`);
    const cpu0 = cpuMs(bot.pid);
    const [chat, loaded] = await sampled(bot.pid, next().then((l) => JSON.parse(l) as Record<string, number>));
    const cpu = Math.round(((cpuMs(bot.pid) - cpu0) / (phase.warmup + phase.sent)) * 100) / 100;
    return { idle_rss_mib: idle, loaded_rss_mib: loaded, answer_p50_ms: chat.p50_ms!, answer_p99_ms: chat.p99_ms!, answer_sent: chat.sent!, answered_at_50: chat.answered!, cpu_ms_per_event: cpu };
  } finally {
    await stop(bot);
    peer.stdin!.end();
    await stop(peer);
    rmSync(cwd, { recursive: true, force: true });
  }
}

/**
 * One run of `npm run telegram` (long polling) against the fake Bot API: memory and the time from an
 * update being queued to its answer at 50/s, one private chat per question. The send pacing is raised
 * to 1,000 a second: at its default (30, Telegram's own limit) 50 answers a second would queue by
 * design, and the figure would measure the pacing rather than the bot.
 */
export async function telegramRun(): Promise<Record<string, number>> {
  const peer = pinnedNode(PEER_CORE, ['--import', 'tsx', 'bench/telegram-peer.ts']);
  peer.stderr!.pipe(process.stderr);
  const next = lines(peer);
  const fake = JSON.parse(await next()) as { apiRoot: string; token: string };
  const { env, cwd } = botEnv({ TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot, TELEGRAM_SENDS_PER_SECOND: '1000', RATE_LIMIT_PER_MINUTE: '0' });
  const bot = pinnedNode(BOT_CORE, ['--enable-source-maps', new URL('dist/telegram.mjs', root).pathname], { env, cwd });
  try {
    await logLine(bot, /long polling/);
    await sleep(2000);
    const idle = rssMib(bot.pid);
    const phase: TelegramPhase = chatPhase;
    peer.stdin!.write(`${JSON.stringify(phase)}\n`);
    const cpu0 = cpuMs(bot.pid);
    const [chat, loaded] = await sampled(bot.pid, next().then((l) => JSON.parse(l) as Record<string, number>));
    const cpu = Math.round(((cpuMs(bot.pid) - cpu0) / (phase.warmup + phase.sent)) * 100) / 100;
    return { idle_rss_mib: idle, loaded_rss_mib: loaded, answer_p50_ms: chat.p50_ms!, answer_p99_ms: chat.p99_ms!, answer_sent: chat.sent!, answered_at_50: chat.answered!, cpu_ms_per_event: cpu };
  } finally {
    await stop(bot);
    peer.stdin!.end();
    await stop(peer);
    rmSync(cwd, { recursive: true, force: true });
  }
}
