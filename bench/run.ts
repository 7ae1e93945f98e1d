/**
 * npm run bench: one table, bench/results.json, and its copy in docs/benchmarks.md. Figures, not assertions.
 * Every measure with a target is taken RUNS (5) times and reported as the median with its spread,
 * next to the previous results.json so that a regression shows at a glance. Sections: core answer()
 * vs a plain minisearch baseline; CLI cold start vs a bare node script, on this node and on Node 24;
 * synthetic corpora of 1k/10k/100k passages (each in a fresh process, for honest memory figures);
 * `npm run slack`, `npm run discord` and `npm run telegram` under load (bench/chat.ts). Options: `--runs N`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import MiniSearch from 'minisearch';
import { PlanBot } from '../src/dialogue/bot.js';
import { loadCorpus } from '../src/corpus/load.js';
import { canPin, CHAT_RATE, discordRun, slackRun, telegramRun } from './chat.js';
import { benchSlackReplicas } from './slack-replicas.js';
import { percentile, RUNS, spread, type Spread } from './stats.js';
import { syntheticCorpus } from './synthetic.js';

const root = new URL('../', import.meta.url);
const runsArg = process.argv.indexOf('--runs');
const runs = runsArg > 0 ? Math.max(1, Number(process.argv[runsArg + 1]) || RUNS) : RUNS;
const devQuestions = readFileSync(new URL('test/fixtures/dev-questions.jsonl', root), 'utf8')
  .trim()
  .split('\n')
  .map((l) => (JSON.parse(l) as { q: string }).q);

const round = (x: number, d = 3): number => Math.round(x * 10 ** d) / 10 ** d;
const mib = (bytes: number): number => round(bytes / 2 ** 20, 1);
const range = (s: Spread): [number, number] => [s.min, s.max];
const repeat = <T>(n: number, f: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => f(i));

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
  // Baseline: what a user would otherwise build: minisearch with its defaults over the same passages.
  const plain = new MiniSearch<{ id: number; text: string }>({ fields: ['text'] });
  plain.addAll(bot.index.passages.map((p) => ({ id: p.order, text: p.text })));
  const ours = repeat(runs, (i) => timeQueries((q) => bot.ask(q), devQuestions, 200, i === 0 ? 200 : 20));
  const base = repeat(runs, (i) => timeQueries((q) => plain.search(q).slice(0, 3), devQuestions, 200, i === 0 ? 200 : 20));
  const med = (xs: number[], d = 4) => spread(xs, d).median;
  const p99 = spread(ours.map((r) => r.p99), 4);
  return {
    p50_ms: med(ours.map((r) => r.p50)), p99_ms: p99.median, qps: Math.round(med(ours.map((r) => r.qps), 0)),
    baseline_p50_ms: med(base.map((r) => r.p50)), baseline_p99_ms: med(base.map((r) => r.p99)), baseline_qps: Math.round(med(base.map((r) => r.qps), 0)),
    p99_spread_ms: range(p99),
  };
}

/** Wall time of one run of `node args`, pinned to one core like the chat bots. */
function launch(node: string, args: string[], env: NodeJS.ProcessEnv = {}): number {
  const [cmd, argv] = canPin ? ['taskset', ['-c', '0', node, ...args]] : [node, args];
  const t0 = performance.now();
  const r = spawnSync(cmd, argv as string[], { encoding: 'utf8', cwd: root, env: { PATH: process.env.PATH ?? '', ...env } });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${node} ${args.join(' ')} failed: ${r.stderr}`);
  return ms;
}

const QUESTION = 'what does it say about NATO?';
const BARE = [
  '--input-type=module',
  '-e',
  "import MiniSearch from 'minisearch'; import { readFileSync } from 'node:fs';" +
    "const t = readFileSync('corpus/plan-article.txt', 'utf8').split('\\n');" +
    "const m = new MiniSearch({ fields: ['text'] }); m.addAll(t.map((text, id) => ({ id, text })));" +
    "console.log(m.search('what does it say about NATO?')[0]?.id);",
];

/**
 * Cold start to the first answer on one node binary: the CLI as `npm run ask` starts it (from its
 * snapshot `blob`), the CLI without the snapshot, and a bare node + minisearch script. Each run is
 * the median of five launches of each, interleaved so that a busy moment hits all three alike.
 */
function coldStart(node: string, blob: string) {
  const perRun = repeat(runs, () => {
    const t: { cli: number[]; plain: number[]; bare: number[] } = { cli: [], plain: [], bare: [] };
    for (let i = 0; i < 5; i++) {
      t.cli.push(launch(node, ['--snapshot-blob', blob, 'dist/cli.mjs', QUESTION]));
      t.plain.push(launch(node, ['dist/cli.mjs', QUESTION]));
      t.bare.push(launch(node, BARE));
    }
    return { cli: percentile(t.cli, 50), plain: percentile(t.plain, 50), bare: percentile(t.bare, 50) };
  });
  const cli = spread(perRun.map((r) => r.cli), 1);
  const plain = spread(perRun.map((r) => r.plain), 1);
  const bare = spread(perRun.map((r) => r.bare), 1);
  const version = spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim();
  return {
    node: version,
    cli_ms: cli.median, bare_ms: bare.median, cli_plain_ms: plain.median, ratio: round(cli.median / bare.median, 2),
    cli_spread_ms: range(cli), bare_spread_ms: range(bare), cli_plain_spread_ms: range(plain),
  };
}

/** Node 24 from the npm registry (the `node` package), as .ci/run uses it; undefined when it cannot be fetched. */
function node24(): string | undefined {
  const r = spawnSync('npx', ['-y', 'node@24', '-p', 'process.execPath'], { encoding: 'utf8', timeout: 180_000 });
  const path = r.stdout?.trim();
  return r.status === 0 && path && existsSync(path) ? path : undefined;
}

function coldStartSection() {
  const built = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: root, encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`build failed: ${built.stderr}`);
  if (!existsSync(new URL('dist/cli.blob', root))) throw new Error('scripts/build.mjs made no dist/cli.blob: the snapshot could not be built on this node');
  const here = coldStart(process.execPath, 'dist/cli.blob');
  const other = node24();
  let on24: ReturnType<typeof coldStart> | null = null;
  if (other) {
    // Node refuses another version's snapshot, so Node 24 gets its own, from the same bundle.
    const dir = mkdtempSync(join(tmpdir(), 'bench-node24-'));
    const blob = join(dir, 'cli.blob');
    const made = spawnSync(other, ['--snapshot-blob', blob, '--build-snapshot', 'dist/cli-snapshot.cjs'], { cwd: root, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
    if (made.status === 0) on24 = coldStart(other, blob);
    else process.stderr.write(`bench: Node 24 could not build the snapshot: ${made.stderr}\n`);
    rmSync(dir, { recursive: true, force: true });
  } else {
    process.stderr.write('bench: Node 24 could not be fetched (npx -y node@24); its cold start is left out\n');
  }
  return { ...here, node24: on24 };
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

function scaleRun(n: number) {
  const args = ['--expose-gc', '--import', 'tsx', 'bench/run.ts', '--scale-point', String(n)];
  const [cmd, argv] = canPin ? ['taskset', ['-c', '0', process.execPath, ...args]] : [process.execPath, args];
  const r = spawnSync(cmd, argv as string[], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`scale point ${n} failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as ReturnType<typeof scalePoint>;
}

/** 1k and 10k passages once; 100k, the one with a target, `runs` times (median run by p99, with the p99 spread). */
function scaleSection() {
  const small = [1_000, 10_000].map((n) => scaleRun(n));
  const big = repeat(runs, () => scaleRun(100_000));
  const p99 = spread(big.map((b) => b.p99_ms), 3);
  const median = big.find((b) => b.p99_ms === p99.median)!;
  return [...small, { ...median, p99_spread_ms: range(p99) }];
}

/** Medians and spreads of the chat runs' figures, by key. */
function summarise(results: Record<string, number>[]): Record<string, Spread> {
  return Object.fromEntries(Object.keys(results[0]!).map((k) => [k, spread(results.map((r) => r[k]!))]));
}

/** The answer-latency figures at 50 events a second, from either adapter's runs. */
function answerAt50(s: Record<string, Spread>) {
  return {
    rate: CHAT_RATE,
    p50_ms: s.answer_p50_ms!.median,
    p99_ms: s.answer_p99_ms!.median,
    p99_spread_ms: range(s.answer_p99_ms!),
    sent: s.answer_sent!.median,
    answered: s.answered_at_50!.median,
    cpu_ms_per_event: s.cpu_ms_per_event!.median,
  };
}

async function chatSection() {
  const slack = summarise(await sequence(runs, slackRun));
  const discord = summarise(await sequence(runs, discordRun));
  const telegram = summarise(await sequence(runs, telegramRun));
  return {
    slack_http: {
      rate: 500,
      achieved_rate: slack.ack_achieved_rate!.median,
      p50_ms: slack.ack_p50_ms!.median,
      p99_ms: slack.ack_p99_ms!.median,
      sent: slack.ack_sent!.median,
      acknowledged: slack.acknowledged!.median,
      answered: slack.answered_at_500!.median,
      p99_spread_ms: range(slack.ack_p99_ms!),
      cpu_ms_per_event: slack.ack_cpu_ms_per_event!.median,
    },
    slack_answer: answerAt50(slack),
    discord_answer: answerAt50(discord),
    telegram_answer: answerAt50(telegram),
    memory: Object.fromEntries(
      (
        [
          ['slack', slack],
          ['discord', discord],
          ['telegram', telegram],
        ] as const
      ).map(([name, s]) => [
        name,
        { idle_rss_mib: s.idle_rss_mib!.median, loaded_rss_mib: s.loaded_rss_mib!.median, idle_spread_mib: range(s.idle_rss_mib!), loaded_spread_mib: range(s.loaded_rss_mib!) },
      ]),
    ),
  };
}

async function sequence<T>(n: number, f: () => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < n; i++) {
    process.stderr.write(`bench:   run ${i + 1} of ${n}\n`);
    out.push(await f());
  }
  return out;
}

type Results = Awaited<ReturnType<typeof collect>>;

async function collect() {
  const progress = (s: string): boolean => process.stderr.write(`bench: ${s}…\n`);
  progress(`core answer() vs plain minisearch, ${runs} runs`);
  const core = coreSection();
  progress(`cold start, ${runs} runs of 5 launches each, on this node and on Node 24`);
  const cold = coldStartSection();
  progress(`scale (1k, 10k, and 100k passages ${runs} times; takes a while)`);
  const scale = scaleSection();
  progress(`npm run slack, npm run discord and npm run telegram under load, ${runs} runs each (takes a few minutes)`);
  const chat = await chatSection();
  // Once, not RUNS times: it has no target, and it is there to compare with the one-process figure.
  progress('Slack HTTP acknowledgements through two replicas sharing Redis');
  const replicas = await benchSlackReplicas();
  return {
    date: new Date().toISOString(),
    machine: `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'cpu'}, ${mib(totalmem())} MiB, node ${process.version}`,
    runs,
    pinned: canPin,
    core,
    cold_start: cold,
    scale,
    ...chat,
    slack_http_two_replicas_redis: replicas,
  };
}

/** A value deep in a results object (an older results.json may lack any key). */
const get = (o: unknown, ...path: (string | number)[]): unknown => path.reduce<unknown>((x, k) => (x && typeof x === 'object' ? (x as Record<string, unknown>)[k] : undefined), o);

/** The table's figures for one results object (the new one or the previous file's), by row. */
function figures(r: unknown): string[] {
  const n = (...path: (string | number)[]): string => {
    const v = get(r, ...path);
    return typeof v === 'number' ? String(v) : '–';
  };
  const s = (...path: (string | number)[]): string => {
    const v = get(r, ...path);
    return Array.isArray(v) ? ` (${v.join('–')})` : '';
  };
  const scale = Array.isArray(get(r, 'scale')) ? (get(r, 'scale') as unknown[]) : [];
  const point = (passages: number): string => {
    const i = scale.findIndex((x) => get(x, 'passages') === passages);
    if (i < 0) return '–';
    return `p99 ${n('scale', i, 'p99_ms')} ms${s('scale', i, 'p99_spread_ms')}, build ${n('scale', i, 'build_ms')} ms, heap ${n('scale', i, 'heap_mib')} MiB, RSS ${n('scale', i, 'rss_mib')} MiB`;
  };
  const ratio = (a: string, b: string): string => (a !== '–' && b !== '–' ? ` = ${round(Number(a) / Number(b), 2)}×` : '');
  const cold = (...at: string[]): string => {
    if (!get(r, ...at)) return '–';
    return `${n(...at, 'cli_ms')} ms${s(...at, 'cli_spread_ms')} vs bare ${n(...at, 'bare_ms')} ms${ratio(n(...at, 'cli_ms'), n(...at, 'bare_ms'))}`;
  };
  return [
    `${n('core', 'p50_ms')} ms`,
    `${n('core', 'p99_ms')} ms${s('core', 'p99_spread_ms')}`,
    `${n('core', 'qps')} q/s`,
    cold('cold_start'),
    get(r, 'cold_start', 'cli_plain_ms') === undefined ? '–' : `${n('cold_start', 'cli_plain_ms')} ms${s('cold_start', 'cli_plain_spread_ms')}`,
    cold('cold_start', 'node24'),
    point(1000),
    point(10000),
    point(100000),
    get(r, 'slack_http') ? `p50 ${n('slack_http', 'p50_ms')} ms, p99 ${n('slack_http', 'p99_ms')} ms${s('slack_http', 'p99_spread_ms')}, ${n('slack_http', 'answered')}/${n('slack_http', 'sent')} answered` : '–',
    get(r, 'slack_http_two_replicas_redis')
      ? `p50 ${n('slack_http_two_replicas_redis', 'p50_ms')} ms, p99 ${n('slack_http_two_replicas_redis', 'p99_ms')} ms, ${n('slack_http_two_replicas_redis', 'answered')}/${n('slack_http_two_replicas_redis', 'sent')} answered, ${n('slack_http_two_replicas_redis', 'achieved_rate')}/s sent`
      : get(r, 'slack_http_two_replicas_redis') === null ? 'skipped: redis-server is not installed' : '–',
    get(r, 'slack_answer') ? `p50 ${n('slack_answer', 'p50_ms')} ms, p99 ${n('slack_answer', 'p99_ms')} ms${s('slack_answer', 'p99_spread_ms')}, ${n('slack_answer', 'answered')}/${n('slack_answer', 'sent')}` : '–',
    get(r, 'discord_answer') ? `p50 ${n('discord_answer', 'p50_ms')} ms, p99 ${n('discord_answer', 'p99_ms')} ms${s('discord_answer', 'p99_spread_ms')}, ${n('discord_answer', 'answered')}/${n('discord_answer', 'sent')}` : '–',
    get(r, 'telegram_answer') ? `p50 ${n('telegram_answer', 'p50_ms')} ms, p99 ${n('telegram_answer', 'p99_ms')} ms${s('telegram_answer', 'p99_spread_ms')}, ${n('telegram_answer', 'answered')}/${n('telegram_answer', 'sent')}` : '–',
    get(r, 'slack_http', 'cpu_ms_per_event') === undefined
      ? '–'
      : `Slack ${n('slack_answer', 'cpu_ms_per_event')} ms at 50/s, ${n('slack_http', 'cpu_ms_per_event')} ms at 500/s; Discord ${n('discord_answer', 'cpu_ms_per_event')} ms; Telegram ${n('telegram_answer', 'cpu_ms_per_event')} ms`,
    get(r, 'memory') ? `idle ${n('memory', 'slack', 'idle_rss_mib')} MiB${s('memory', 'slack', 'idle_spread_mib')}, loaded ${n('memory', 'slack', 'loaded_rss_mib')} MiB${s('memory', 'slack', 'loaded_spread_mib')}` : '–',
    get(r, 'memory') ? `idle ${n('memory', 'discord', 'idle_rss_mib')} MiB${s('memory', 'discord', 'idle_spread_mib')}, loaded ${n('memory', 'discord', 'loaded_rss_mib')} MiB${s('memory', 'discord', 'loaded_spread_mib')}` : '–',
    get(r, 'memory', 'telegram') ? `idle ${n('memory', 'telegram', 'idle_rss_mib')} MiB${s('memory', 'telegram', 'idle_spread_mib')}, loaded ${n('memory', 'telegram', 'loaded_rss_mib')} MiB${s('memory', 'telegram', 'loaded_spread_mib')}` : '–',
  ];
}

function table(now: Results, previous: unknown): string {
  const labels: [string, string][] = [
    ['core answer() p50', `${now.core.baseline_p50_ms} ms (plain minisearch)`],
    ['core answer() p99', `${now.core.baseline_p99_ms} ms`],
    ['core throughput', `${now.core.baseline_qps} q/s`],
    [`cold start, ${now.cold_start.node}`, ''],
    ['  … without the snapshot', ''],
    [`cold start, ${now.cold_start.node24?.node ?? 'Node 24'}`, ''],
    ['1,000 passages', ''],
    ['10,000 passages', ''],
    ['100,000 passages', ''],
    ['Slack HTTP ack at 500/s', ''],
    ['  … two replicas sharing Redis', ''],
    [`Slack event → answer at ${CHAT_RATE}/s`, ''],
    [`Discord /ask → answer at ${CHAT_RATE}/s`, ''],
    [`Telegram update → answer at ${CHAT_RATE}/s`, ''],
    ['bot CPU per event', ''],
    ['npm run slack RSS', ''],
    ['npm run discord RSS', ''],
    ['npm run telegram RSS', ''],
  ];
  const targets = ['', '≤ 0.2 ms', '', '≤ 1.5× bare', '', '≤ 1.5× bare', '', '', 'p99 ≤ 5 ms', 'p99 ≤ 20 ms', '', '', '', '', '', '', '', ''];
  const ours = figures(now);
  const before = figures(previous);
  const rows: string[][] = [['measure', `now (median of ${now.runs} runs, spread)`, `previous${previous ? ` (${String(get(previous, 'date')).slice(0, 10)})` : ''}`, 'baseline', 'target']];
  labels.forEach(([label, baseline], i) => rows.push([label, ours[i]!, before[i]!, baseline, targets[i]!]));
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const line = (r: string[]): string => `| ${r.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [
    `peace-plan-bot bench, ${now.date}, ${now.machine}${now.pinned ? ', bots and load generators on separate cores' : ', unpinned (no taskset)'}`,
    '',
    line(rows[0]!),
    `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
    ...rows.slice(1).map(line),
  ].join('\n');
}

async function main() {
  if (process.argv[2] === '--scale-point') {
    console.log(JSON.stringify(scalePoint(Number(process.argv[3]))));
    return;
  }
  const resultsUrl = new URL('bench/results.json', root);
  const previous: unknown = existsSync(resultsUrl) ? JSON.parse(readFileSync(resultsUrl, 'utf8')) : undefined;
  const results = await collect();
  writeFileSync(resultsUrl, `${JSON.stringify(results, null, 2)}\n`);
  const text = table(results, previous);
  console.log(text);
  // docs/benchmarks.md shows the latest figures: replace the table between its bench markers.
  const page = 'docs/benchmarks.md';
  const pageUrl = new URL(page, root);
  const doc = readFileSync(pageUrl, 'utf8');
  const marked = /<!-- bench:start -->[\s\S]*?<!-- bench:end -->/;
  if (marked.test(doc)) {
    writeFileSync(pageUrl, doc.replace(marked, () => `<!-- bench:start -->\n\`\`\`text\n${text}\n\`\`\`\n<!-- bench:end -->`));
    console.log(`\nwritten to bench/results.json and ${page}`);
  } else {
    console.log(`\nwritten to bench/results.json (${page} has no bench markers to update)`);
  }
}

await main();
