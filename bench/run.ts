/**
 * npm run bench: one run, one table, and bench/results.json. Figures, not assertions.
 * Sections: core answer() vs a plain minisearch baseline; CLI cold start vs a bare node script;
 * synthetic corpora of 1k/10k/100k passages (each in a fresh process, for honest memory figures);
 * Slack HTTP acknowledgement latency at a fixed rate on loopback.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import MiniSearch from 'minisearch';
import { PlanBot } from '../src/bot.js';
import { loadCorpus } from '../src/load.js';
import { percentile } from './stats.js';
import { syntheticCorpus } from './synthetic.js';

const root = new URL('../', import.meta.url);
const devQuestions = readFileSync(new URL('test/fixtures/dev-questions.jsonl', root), 'utf8')
  .trim()
  .split('\n')
  .map((l) => (JSON.parse(l) as { q: string }).q);

const round = (x: number, d = 3): number => Math.round(x * 10 ** d) / 10 ** d;
const mib = (bytes: number): number => round(bytes / 2 ** 20, 1);

/**
 * Times `fn` over every question, `rounds` times, after `warmup` untimed rounds: V8 optimises hot
 * functions only after many calls, and one round left p99 measuring the JIT rather than the code.
 */
function timeQueries(fn: (q: string) => unknown, questions: string[], rounds: number, warmup = 20) {
  for (let r = 0; r < warmup; r++) for (const q of questions) fn(q);
  const lat: number[] = [];
  const t0 = performance.now();
  for (let r = 0; r < rounds; r++) {
    for (const q of questions) {
      const s = performance.now();
      fn(q);
      lat.push(performance.now() - s);
    }
  }
  const total = performance.now() - t0;
  return { p50: percentile(lat, 50), p99: percentile(lat, 99), qps: (lat.length / total) * 1000 };
}

function coreSection() {
  const bot = PlanBot.load();
  const ours = timeQueries((q) => bot.ask(q), devQuestions, 200, 200);
  // Baseline: what a user would otherwise build: minisearch with its defaults over the same passages.
  const plain = new MiniSearch<{ id: number; text: string }>({ fields: ['text'] });
  plain.addAll(bot.index.passages.map((p) => ({ id: p.order, text: p.text })));
  const base = timeQueries((q) => plain.search(q).slice(0, 3), devQuestions, 200, 200);
  return {
    p50_ms: round(ours.p50, 4), p99_ms: round(ours.p99, 4), qps: Math.round(ours.qps),
    baseline_p50_ms: round(base.p50, 4), baseline_p99_ms: round(base.p99, 4), baseline_qps: Math.round(base.qps),
  };
}

/** Median wall time of a command over `runs` runs. */
function wall(cmd: string, args: string[], runs: number): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const r = spawnSync(cmd, args, { encoding: 'utf8', cwd: root, env: { PATH: process.env.PATH ?? '' } });
    times.push(performance.now() - t0);
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr}`);
  }
  return percentile(times, 50);
}

function coldStartSection() {
  spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: root });
  const cli = wall(process.execPath, ['dist/cli.mjs', 'what does it say about NATO?'], 15);
  const bare = wall(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      "import MiniSearch from 'minisearch'; import { readFileSync } from 'node:fs';" +
        "const t = readFileSync('corpus/plan-article.txt', 'utf8').split('\\n');" +
        "const m = new MiniSearch({ fields: ['text'] }); m.addAll(t.map((text, id) => ({ id, text })));" +
        "console.log(m.search('what does it say about NATO?')[0]?.id);",
    ],
    15,
  );
  return { cli_ms: round(cli, 1), bare_ms: round(bare, 1) };
}

/** Runs in a child process: builds one synthetic corpus and reports build time, memory and p99. */
export function scalePoint(passages: number) {
  const source = loadCorpus(new URL('corpus/', root).pathname).map((d) => d.text).join('\n');
  const docs = syntheticCorpus(source, passages);
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const heap0 = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  const bot = new PlanBot(docs);
  const build = performance.now() - t0;
  gc?.();
  const mem = process.memoryUsage();
  // Enough rounds for a stable p99 at every size (about 1,000 timed questions or more).
  const rounds = passages >= 100_000 ? 5 : passages >= 10_000 ? 30 : 100;
  const q = timeQueries((x) => bot.ask(x), devQuestions, rounds, passages >= 100_000 ? 2 : 5);
  return { passages, build_ms: round(build, 0), heap_mib: mib(mem.heapUsed - heap0), rss_mib: mib(mem.rss), p99_ms: round(q.p99, 3) };
}

function scaleSection() {
  return [1_000, 10_000, 100_000].map((n) => {
    const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', 'bench/run.ts', '--scale-point', String(n)], {
      cwd: root,
      encoding: 'utf8',
      maxBuffer: 1 << 24,
    });
    if (r.status !== 0) throw new Error(`scale point ${n} failed: ${r.stderr}`);
    return JSON.parse(r.stdout.trim().split('\n').pop()!) as ReturnType<typeof scalePoint>;
  });
}

async function slackSection() {
  const module = new URL('bench/slack-http.ts', root);
  if (!existsSync(module)) return null;
  const { benchSlackHttp } = (await import(module.href)) as { benchSlackHttp: () => Promise<Record<string, number>> };
  return benchSlackHttp();
}

async function slackReplicasSection() {
  const { benchSlackReplicas } = await import(new URL('bench/slack-replicas.ts', root).href);
  return benchSlackReplicas();
}

async function main() {
  if (process.argv[2] === '--scale-point') {
    console.log(JSON.stringify(scalePoint(Number(process.argv[3]))));
    return;
  }
  const progress = (s: string): boolean => process.stderr.write(`bench: ${s}…\n`);
  progress('core answer() vs plain minisearch');
  const core = coreSection();
  progress('cold start');
  const cold = coldStartSection();
  progress('scale (1k, 10k, 100k passages; the last takes a while)');
  const scale = scaleSection();
  progress('Slack HTTP acknowledgements');
  const slack = await slackSection();
  progress('Slack HTTP acknowledgements through two replicas sharing Redis');
  const replicas = await slackReplicasSection();
  const results = {
    date: new Date().toISOString(),
    machine: `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'cpu'}, ${mib(totalmem())} MiB, node ${process.version}`,
    core,
    cold_start: cold,
    scale,
    slack_http: slack,
    slack_http_two_replicas_redis: replicas,
  };
  writeFileSync(new URL('bench/results.json', root), `${JSON.stringify(results, null, 2)}\n`);
  const rows: [string, string, string, string][] = [
    ['measure', 'peace-plan-bot', 'baseline', 'target'],
    ['core answer() p50', `${core.p50_ms} ms`, `${core.baseline_p50_ms} ms (plain minisearch)`, ''],
    ['core answer() p99', `${core.p99_ms} ms`, `${core.baseline_p99_ms} ms`, '≤ 0.2 ms'],
    ['core throughput', `${core.qps} q/s`, `${core.baseline_qps} q/s (×${round(core.baseline_qps / core.qps, 1)})`, ''],
    ['cold start to first answer', `${cold.cli_ms} ms`, `${cold.bare_ms} ms (bare node + minisearch)`, `≤ ${round(cold.bare_ms * 1.5, 1)} ms (1.5×)`],
    ...scale.map((s): [string, string, string, string] => [
      `${s.passages.toLocaleString('en')} passages`,
      `build ${s.build_ms} ms, heap ${s.heap_mib} MiB, RSS ${s.rss_mib} MiB, p99 ${s.p99_ms} ms`,
      '',
      s.passages === 100_000 ? 'p99 ≤ 5 ms' : '',
    ]),
    ...(slack
      ? [[`Slack HTTP ack at ${slack.rate}/s`, `p50 ${slack.p50_ms} ms, p99 ${slack.p99_ms} ms, ${slack.answered}/${slack.sent} answered`, '', 'p99 ≤ 20 ms'] as [string, string, string, string]]
      : []),
    [
      'Slack ack through two replicas with Redis',
      // The achieved rate shows when the machine, not the bot, was the limit (the load generator fell behind).
      replicas ? `p50 ${replicas.p50_ms} ms, p99 ${replicas.p99_ms} ms, ${replicas.answered}/${replicas.sent} answered, ${replicas.achieved_rate}/s sent` : 'skipped: redis-server is not installed',
      slack ? `p50 ${slack.p50_ms} ms, p99 ${slack.p99_ms} ms, ${slack.achieved_rate}/s sent (one process)` : '',
      '',
    ],
  ];
  const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => r[i]!.length)));
  const line = (r: string[]): string => `| ${r.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  const table = [
    `peace-plan-bot bench, ${results.date}, ${results.machine}`,
    '',
    line(rows[0]!),
    `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
    ...rows.slice(1).map(line),
  ].join('\n');
  console.log(table);
  // The README shows the latest figures: replace the table between its bench markers.
  const readmeUrl = new URL('README.md', root);
  const readme = readFileSync(readmeUrl, 'utf8');
  const marked = /<!-- bench:start -->[\s\S]*?<!-- bench:end -->/;
  if (marked.test(readme)) {
    writeFileSync(readmeUrl, readme.replace(marked, () => `<!-- bench:start -->\n\`\`\`text\n${table}\n\`\`\`\n<!-- bench:end -->`));
    console.log('\nwritten to bench/results.json and README.md');
  } else {
    console.log('\nwritten to bench/results.json (README.md has no bench markers to update)');
  }
}

await main();
