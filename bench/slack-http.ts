/**
 * Slack HTTP acknowledgement latency at a fixed request rate: the real Bolt app (HTTP receiver on
 * 127.0.0.1) in this process; fake Slack and the load generator in a child process (slack-peer.ts).
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { createSlackApp } from '../adapters/slack/app.js';
import { loadSlackConfig } from '../adapters/slack/config.js';
import { PlanBot } from '../src/bot.js';
import { createLogger } from '../src/logger.js';
import { BENCH_SECRET } from './slack-peer.js';

/** After three seconds of warm-up traffic, sends `sent` signed mentions at `rate` a second; returns acknowledgement latency and answers posted. */
export async function benchSlackHttp(rate = 500, sent = 5000): Promise<Record<string, number>> {
  const peer = spawn(process.execPath, ['--import', 'tsx', 'bench/slack-peer.ts'], { cwd: new URL('../', import.meta.url), stdio: ['pipe', 'pipe', 'inherit'] });
  const out = createInterface({ input: peer.stdout })[Symbol.asyncIterator]();
  const { apiUrl } = JSON.parse((await out.next()).value as string) as { apiUrl: string };
  const config = loadSlackConfig({ SLACK_BOT_TOKEN: 'xoxb-0-0-bench', SLACK_MODE: 'http', SLACK_SIGNING_SECRET: BENCH_SECRET, SLACK_API_URL: apiUrl });
  // Logs go nowhere but are still formatted: the per-question log line is part of the cost.
  const logger = createLogger({ level: 'info', destination: { write: () => undefined } });
  const slack = createSlackApp({ config, bot: PlanBot.load(), logger });
  await slack.start({ port: 0, host: '127.0.0.1' });
  peer.stdin.write(`${JSON.stringify({ port: slack.port, rate, sent, warmup: 3 * rate })}\n`);
  const result = JSON.parse((await out.next()).value as string) as Record<string, number>;
  await slack.idle();
  await slack.stop();
  peer.kill();
  return result;
}
