/**
 * The other side of the Slack benchmarks, in its own process (as wrk would be), pinned to its own
 * core by the bench: fake Slack's Web API plus a load generator that sends signed mentions at a
 * fixed rate over keep-alive HTTP.
 * Protocol on stdio: prints {"apiUrl"} once started; then, for each line {"port","rate","sent","warmup"}
 * it reads, runs one phase and prints its results, until standard input closes. The first `warmup`
 * requests of a phase (sent at the same rate) warm the JIT and caches and are not measured.
 * Two latencies per mention: the HTTP acknowledgement, and the answer: from sending the event to
 * fake Slack receiving the `chat.postMessage` in its thread (what a user waits for).
 */
import { Agent, request } from 'node:http';
import { createInterface } from 'node:readline';
import { eventEnvelope, FakeSlack, slackSignature } from '../test/adapters/slack/fake-slack.js';
import { percentile } from './stats.js';

// Every one gets a threaded answer, which is how an answer is tied to its event: refusals are now
// answered in place (no thread), so a refusal here would read as a lost answer.
const QUESTIONS = ['What about NATO?', 'Is there an amnesty?', 'clause 7.2', 'Who drafted the plan?', 'When will Ukraine hold elections?'];
export const BENCH_SECRET = 'bench-signing-secret';

/** One phase's request, as the bench sends it. */
export interface SlackPhase {
  port: number;
  rate: number;
  sent: number;
  warmup: number;
}

const ms = (x: number): number => Math.round(x * 100) / 100;

/** Mentions sent so far, across phases: every event has its own id, user and thread. */
let serial = 0;

async function phase(fake: FakeSlack, agent: Agent, { port, rate, sent, warmup }: SlackPhase): Promise<Record<string, number>> {
  const total = warmup + sent;
  const acks: number[] = [];
  const sentAt = new Map<string, number>();
  const pending: Promise<void>[] = [];
  const postsBefore = fake.callsTo('chat.postMessage').length;
  let t0 = performance.now();
  for (let i = 0; i < total; i++) {
    if (i === warmup) t0 = performance.now();
    const due = t0 + ((i < warmup ? i : i - warmup) * 1000) / rate;
    while (performance.now() < due) await new Promise((r) => setImmediate(r));
    const n = serial++;
    const ts = `1765000000.${String(n).padStart(6, '0')}`;
    const event = { type: 'app_mention', user: `UB${n}`, text: `<@UBOT> ${QUESTIONS[n % QUESTIONS.length]}`, ts, event_ts: ts, channel: 'C0BENCH', team: 'T0FAKE' };
    const body = JSON.stringify(eventEnvelope(event, `Ev-bench-${n}`));
    const timestamp = Math.floor(Date.now() / 1000);
    const start = performance.now();
    if (i >= warmup) sentAt.set(ts, start);
    pending.push(
      new Promise<void>((resolve) => {
        const req = request(
          { host: '127.0.0.1', port, path: '/slack/events', method: 'POST', agent, headers: { 'content-type': 'application/json', 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': slackSignature(BENCH_SECRET, timestamp, body) } },
          (res) => {
            res.resume();
            res.on('end', () => {
              if (res.statusCode === 200 && i >= warmup) acks.push(performance.now() - start);
              resolve();
            });
          },
        );
        req.on('error', () => resolve());
        req.end(body);
      }),
    );
  }
  await Promise.all(pending);
  const elapsed = performance.now() - t0;
  const posts = () => fake.callsTo('chat.postMessage').slice(postsBefore);
  await fake.waitFor(() => (posts().length >= total ? true : undefined), 'every answer', 60_000).catch(() => undefined);
  const answers: number[] = [];
  for (const call of posts()) {
    const at = sentAt.get(String(call.args.thread_ts));
    if (at !== undefined) answers.push(call.at - at);
  }
  return {
    rate,
    achieved_rate: Math.round((sent / elapsed) * 1000),
    p50_ms: ms(percentile(acks, 50)),
    p99_ms: ms(percentile(acks, 99)),
    answer_p50_ms: ms(percentile(answers, 50)),
    answer_p99_ms: ms(percentile(answers, 99)),
    sent,
    acknowledged: acks.length,
    answered: answers.length,
  };
}

async function run(): Promise<void> {
  const fake = await FakeSlack.start();
  console.log(JSON.stringify({ apiUrl: fake.apiUrl }));
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  for await (const line of createInterface({ input: process.stdin })) {
    if (line.trim()) console.log(JSON.stringify(await phase(fake, agent, JSON.parse(line) as SlackPhase)));
  }
  agent.destroy();
  await fake.close();
}

if (process.argv[1]?.endsWith('slack-peer.ts')) await run();
