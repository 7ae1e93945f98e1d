/**
 * The other side of the Slack HTTP benchmark, in its own process (as wrk would be): fake Slack's
 * Web API plus a load generator that sends signed mentions at a fixed rate over keep-alive HTTP.
 * Protocol on stdio: prints {"apiUrl"} once started; reads {"port","rate","sent","warmup"}; prints the
 * results. The first `warmup` requests (sent at the same rate) warm the JIT and caches and are not measured.
 */
import { Agent, request } from 'node:http';
import { createInterface } from 'node:readline';
import { eventEnvelope, FakeSlack, slackSignature } from '../test/adapters/slack/fake-slack.js';
import { percentile } from './stats.js';

const QUESTIONS = ['What about NATO?', 'Is there an amnesty?', 'clause 7.2', 'What does the plan say about Syria?', 'When will Ukraine hold elections?'];
export const BENCH_SECRET = 'bench-signing-secret';


async function run(): Promise<void> {
  const fake = await FakeSlack.start();
  console.log(JSON.stringify({ apiUrl: fake.apiUrl }));
  const lines = createInterface({ input: process.stdin });
  const { port, rate, sent, warmup } = JSON.parse((await lines[Symbol.asyncIterator]().next()).value as string) as { port: number; rate: number; sent: number; warmup: number };
  const total = warmup + sent;
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const latencies: number[] = [];
  const pending: Promise<void>[] = [];
  let t0 = performance.now();
  for (let i = 0; i < total; i++) {
    if (i === warmup) t0 = performance.now();
    const due = t0 + ((i < warmup ? i : i - warmup) * 1000) / rate;
    while (performance.now() < due) await new Promise((r) => setImmediate(r));
    const ts = `1765000000.${String(i).padStart(6, '0')}`;
    const event = { type: 'app_mention', user: `UB${i}`, text: `<@UBOT> ${QUESTIONS[i % QUESTIONS.length]}`, ts, event_ts: ts, channel: 'C0BENCH', team: 'T0FAKE' };
    const body = JSON.stringify(eventEnvelope(event, `Ev-bench-${i}`));
    const timestamp = Math.floor(Date.now() / 1000);
    const start = performance.now();
    pending.push(
      new Promise<void>((resolve) => {
        const req = request(
          { host: '127.0.0.1', port, path: '/slack/events', method: 'POST', agent, headers: { 'content-type': 'application/json', 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': slackSignature(BENCH_SECRET, timestamp, body) } },
          (res) => {
            res.resume();
            res.on('end', () => {
              if (res.statusCode === 200 && i >= warmup) latencies.push(performance.now() - start);
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
  await fake.waitFor(() => (fake.callsTo('chat.postMessage').length >= total ? true : undefined), 'every answer', 60_000).catch(() => undefined);
  console.log(
    JSON.stringify({
      rate,
      achieved_rate: Math.round((sent / elapsed) * 1000),
      p50_ms: Math.round(percentile(latencies, 50) * 100) / 100,
      p99_ms: Math.round(percentile(latencies, 99) * 100) / 100,
      sent,
      acknowledged: latencies.length,
      answered: fake.callsTo('chat.postMessage').length - warmup,
    }),
  );
  agent.destroy();
  await fake.close();
}

if (process.argv[1]?.endsWith('slack-peer.ts')) await run();
