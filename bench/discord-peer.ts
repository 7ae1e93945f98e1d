/**
 * The other side of the Discord benchmark, in its own process pinned to its own core: the fake
 * Discord (REST and gateway) plus a load generator that dispatches `/ask` interactions at a fixed rate.
 * Protocol on stdio: prints {"apiUrl","token","application"} once started; then, for each line
 * {"rate","sent","warmup"} it reads (sent once the bot has identified), runs one phase and prints its
 * results, until standard input closes. Latency: from dispatching the interaction to the fake
 * receiving the bot's interaction callback.
 */
import { createInterface } from 'node:readline';
import { FakeDiscord } from '../test/adapters/discord/fake-discord.js';
import { percentile } from './stats.js';

const QUESTIONS = ['What about NATO?', 'Is there an amnesty?', 'What does the plan say about Syria?', 'When will Ukraine hold elections?'];

/** One phase's request, as the bench sends it. */
export interface DiscordPhase {
  rate: number;
  sent: number;
  warmup: number;
}

const ms = (x: number): number => Math.round(x * 100) / 100;

async function phase(fake: FakeDiscord, { rate, sent, warmup }: DiscordPhase): Promise<Record<string, number>> {
  const total = warmup + sent;
  const latencies: number[] = [];
  const pending: Promise<void>[] = [];
  let t0 = performance.now();
  for (let i = 0; i < total; i++) {
    if (i === warmup) t0 = performance.now();
    const due = t0 + ((i < warmup ? i : i - warmup) * 1000) / rate;
    while (performance.now() < due) await new Promise((r) => setImmediate(r));
    const interaction = fake.interaction('ask', [{ name: 'question', type: 3, value: QUESTIONS[i % QUESTIONS.length]! }]);
    const path = `/interactions/${String(interaction.id)}/${String(interaction.token)}/callback`;
    const start = performance.now();
    const answered = fake.waitForRequest((r) => r.path === path, 60_000);
    fake.dispatch('INTERACTION_CREATE', interaction);
    pending.push(
      answered.then(
        () => {
          if (i >= warmup) latencies.push(performance.now() - start);
        },
        () => undefined,
      ),
    );
  }
  await Promise.all(pending);
  return { rate, p50_ms: ms(percentile(latencies, 50)), p99_ms: ms(percentile(latencies, 99)), sent, answered: latencies.length };
}

async function run(): Promise<void> {
  const fake = await FakeDiscord.start();
  console.log(JSON.stringify({ apiUrl: fake.apiUrl, token: fake.token, application: fake.ids.application }));
  for await (const line of createInterface({ input: process.stdin })) {
    if (line.trim()) console.log(JSON.stringify(await phase(fake, JSON.parse(line) as DiscordPhase)));
  }
  await fake.close();
}

if (process.argv[1]?.endsWith('discord-peer.ts')) await run();
