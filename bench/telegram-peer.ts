/**
 * The other side of the Telegram benchmark, in its own process pinned to its own core: the fake Bot
 * API plus a load generator that queues private-chat questions (one chat per question, as many users
 * would) at a fixed rate for the bot's long polling. Protocol on stdio: prints {"apiRoot","token"}
 * once started; then, for each line {"rate","sent","warmup"} it reads, runs one phase and prints its
 * results, until standard input closes. Latency: from queueing the update to the fake receiving the
 * bot's sendMessage for that chat.
 */
import { createInterface } from 'node:readline';
import { FakeTelegram, type RecordedCall } from '../test/adapters/telegram/fake-telegram.js';
import { percentile } from './stats.js';

const QUESTIONS = ['What about NATO?', 'Is there an amnesty?', 'What does the plan say about Syria?', 'When will Ukraine hold elections?'];

/** One phase's request, as the bench sends it. */
export interface TelegramPhase {
  rate: number;
  sent: number;
  warmup: number;
}

const ms = (x: number): number => Math.round(x * 100) / 100;
let nextChat = 1_000_000;

async function phase(fake: FakeTelegram, { rate, sent, warmup }: TelegramPhase): Promise<Record<string, number>> {
  const total = warmup + sent;
  const latencies: number[] = [];
  // One listener for the whole phase: chat id → when its question was queued, and whether it is timed.
  const waiting = new Map<number, { start: number; timed: boolean; done: () => void }>();
  const onCall = (c: RecordedCall): void => {
    const w = c.method === 'sendMessage' ? waiting.get(Number(c.body.chat_id)) : undefined;
    if (!w) return;
    waiting.delete(Number(c.body.chat_id));
    if (w.timed) latencies.push(performance.now() - w.start);
    w.done();
  };
  fake.events.on('call', onCall);
  const pending: Promise<void>[] = [];
  let t0 = performance.now();
  for (let i = 0; i < total; i++) {
    if (i === warmup) t0 = performance.now();
    const due = t0 + ((i < warmup ? i : i - warmup) * 1000) / rate;
    while (performance.now() < due) await new Promise((r) => setImmediate(r));
    const chatId = ++nextChat;
    const update = fake.message(QUESTIONS[i % QUESTIONS.length]!, { chatId, userId: chatId });
    // An answer that never comes (60 s) counts as not answered rather than hanging the bench.
    pending.push(
      new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          waiting.delete(chatId);
          resolve();
        }, 60_000);
        waiting.set(chatId, { start: performance.now(), timed: i >= warmup, done: () => (clearTimeout(timer), resolve()) });
      }),
    );
    fake.push(update);
  }
  await Promise.all(pending);
  fake.events.off('call', onCall);
  // The fake keeps every call; a long bench would otherwise grow it without bound.
  fake.calls.length = 0;
  fake.messages.clear();
  return { rate, p50_ms: ms(percentile(latencies, 50)), p99_ms: ms(percentile(latencies, 99)), sent, answered: latencies.length };
}

async function run(): Promise<void> {
  const fake = await FakeTelegram.start();
  console.log(JSON.stringify({ apiRoot: fake.apiRoot, token: fake.token }));
  for await (const line of createInterface({ input: process.stdin })) {
    if (line.trim()) console.log(JSON.stringify(await phase(fake, JSON.parse(line) as TelegramPhase)));
  }
  await fake.close();
}

if (process.argv[1]?.endsWith('telegram-peer.ts')) await run();
