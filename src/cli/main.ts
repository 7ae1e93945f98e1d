import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { startupSnapshot } from 'node:v8';
import { PlanBot, type PlanBotOptions } from '../dialogue/bot.js';
import { ConfigError, coreEnvSchema, parseEnv, type CoreConfig } from '../runtime/config.js';
import { converse, type Previous } from '../dialogue/conversation.js';
import { CorpusError } from '../corpus/load.js';
import { createLogger } from '../runtime/logger.js';
import { logQuestion } from '../store/question-log.js';
import { contextLine } from '../retrieval/points.js';
import { markSpans, sentenceGroups, type SentenceGroup } from '../wording/present.js';
import { loadBot, type Preloaded } from './snapshot.js';
import type { Answer, Citation } from '../types.js';

const USAGE = `usage: npm run ask -- [options] ["question"]

Answers a question about the draft peace plan by quoting the passages that bear on it.
With no question: reads one question per line from a pipe and writes one JSON object per line,
or opens an interactive prompt in a terminal.

options:
  --json            print the answer as one JSON object
  --corpus DIR      corpus folder (default: CORPUS_DIR or the bundled corpus/)
  --max N           most passages to quote, 1-10 (default: MAX_CITATIONS or 3)
  -h, --help        show this help`;

/** The JSON shape of an answer: the eval contract (`question`, `answered`, `text`, `citations`) plus the rest. */
export function answerJson(answer: Answer): Record<string, unknown> {
  const { kind, question, text, lead, ...rest } = answer;
  return {
    question,
    answered: kind === 'answered',
    kind,
    lead,
    text,
    citations: kind === 'answered' ? answer.citations : [],
    ...Object.fromEntries(Object.entries(rest).filter(([k]) => k !== 'citations')),
  };
}

const ansi = { bold: '\x1b[1m', dim: '\x1b[2m', yellow: '\x1b[33m', cyan: '\x1b[36m', underline: '\x1b[4m', reset: '\x1b[0m' };

/** The quote with its matched words in bold yellow, each run resuming `base` after it. */
function highlight(c: Citation, base: string): string {
  let out = '';
  let at = 0;
  for (const h of c.highlights) {
    out += c.quote.slice(at, h.start) + ansi.bold + ansi.yellow + c.quote.slice(h.start, h.end) + ansi.reset + base;
    at = h.end;
  }
  return out + c.quote.slice(at);
}

/**
 * The quotes in their sentence. In colour the rest of the sentence is dim and each quote underlined
 * with its matched words highlighted (a whole-sentence quote: just its matched words); without
 * colour the quotes are marked with asterisks, as in the core's plain text.
 */
function quoteInSentence(g: SentenceGroup, colour: boolean): string {
  if (!colour) return markSpans(g.sentence, g.clauses, '*', '*');
  if (g.whole) return highlight(g.citations[0]!, '');
  const dim = (s: string): string => (s ? ansi.dim + s + ansi.reset : '');
  let out = '';
  let at = 0;
  for (const c of [...g.citations].sort((a, b) => a.offsets.start - b.offsets.start)) {
    out += `${dim(g.sentence.slice(at, c.offsets.start))}${ansi.underline}${highlight(c, ansi.underline)}${ansi.reset}`;
    at = c.offsets.end;
  }
  return out + dim(g.sentence.slice(at));
}

/** Renders an answer for a terminal: the lead, each quote in its sentence with its id, the sources once. */
export function renderTerminal(answer: Answer, colour: boolean): string {
  const paint = (code: string, s: string): string => (colour ? code + s + ansi.reset : s);
  if (answer.kind !== 'answered') return answer.text;
  const lines = [paint(ansi.bold, answer.lead)];
  for (const g of sentenceGroups(answer.citations)) {
    // A sub-item's point and lead-in go above its quote: "cancels it" needs its subject.
    const first = g.citations[0]!;
    const context = contextLine(first);
    const ids = g.citations.map((c) => paint(ansi.cyan, c.id)).join(' · ');
    lines.push('', ...(context ? [paint(ansi.dim, `  ${context}`)] : []), `  “${quoteInSentence(g, colour)}”`, `  — ${ids}${first.version ? paint(ansi.dim, ` · ${first.version}`) : ''}`);
  }
  // "linked to its url": a terminal shows the address itself, which it can open.
  for (const a of answer.attributions) lines.push('', paint(ansi.dim, `  ${a.text}${a.url ? ` ${a.url}` : ''}`));
  return lines.join('\n');
}

/** The CLI's bot options: the environment's, with `--max` and `--corpus` on top. */
export function cliBotOptions(config: CoreConfig, maxCitations = config.MAX_CITATIONS, corpusDir?: string): Partial<PlanBotOptions> {
  return { ...PlanBot.optionsFrom(config), ...(corpusDir ? { corpusDir } : {}), ranking: { maxCitations } };
}

/** The configuration of a CLI run with nothing set in its environment. */
export const defaultCliConfig = (): CoreConfig => parseEnv(coreEnvSchema, { LOG_LEVEL: 'warn' });

// Not performance.now(): in a process started from the snapshot, the first touch of the
// `performance` global loads perf_hooks, several milliseconds of a start.
const now = (): number => Number(process.hrtime.bigint()) / 1e6;

function fail(message: string, code: number): never {
  process.stderr.write(`ask: ${message}\n`);
  process.exit(code);
}

async function main(preloaded?: Preloaded): Promise<void> {
  let args;
  try {
    args = parseArgs({
      args: process.argv.slice(2),
      allowPositionals: true,
      options: { json: { type: 'boolean' }, corpus: { type: 'string' }, max: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (err) {
    fail(`${(err as Error).message.split('\n')[0]} (see --help)`, 2);
  }
  if (args.values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  let config;
  try {
    config = parseEnv(coreEnvSchema, { LOG_LEVEL: 'warn', ...process.env });
  } catch (err) {
    if (err instanceof ConfigError) fail(err.message, 2);
    throw err;
  }
  let maxCitations = config.MAX_CITATIONS;
  if (args.values.max !== undefined) {
    maxCitations = Number(args.values.max);
    if (!Number.isInteger(maxCitations) || maxCitations < 1 || maxCitations > 10) fail(`--max takes a whole number from 1 to 10, not "${args.values.max}"`, 2);
  }
  const log = createLogger({ level: config.LOG_LEVEL, name: 'cli' });
  const started = now();
  let bot: PlanBot;
  try {
    bot = loadBot(cliBotOptions(config, maxCitations, args.values.corpus), preloaded);
  } catch (err) {
    if (err instanceof CorpusError) fail(err.message, 1);
    throw err;
  }
  log.debug({ passages: bot.index.passages.length, ms: Math.round(now() - started) }, 'corpus indexed');

  // The interactive prompt is one conversation ("tell me more", "source?", "and for Russia?"), through
  // the same API as a Slack or Discord thread; one-shot and batch questions stand alone.
  let previous: Previous | undefined;
  const handle = (question: string, conversation = false): Answer => {
    const t0 = now();
    const turn = converse(bot, question, conversation ? { previous } : {});
    if (conversation) previous = turn.previous;
    const answer = turn.answer;
    logQuestion(log, { surface: 'cli', answer, latencyMs: now() - t0, logQuestions: config.LOG_QUESTIONS });
    return answer;
  };

  const positional = args.positionals.join(' ');
  const colour = process.stdout.isTTY === true && !process.env.NO_COLOR;
  if (args.positionals.length > 0) {
    const answer = handle(positional);
    process.stdout.write(args.values.json ? `${JSON.stringify(answerJson(answer))}\n` : `${renderTerminal(answer, colour)}\n`);
    return;
  }
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity, terminal: false });
  if (!process.stdin.isTTY) {
    // Batch mode: one JSON object per input line, in order (the eval contract).
    for await (const line of lines) process.stdout.write(`${JSON.stringify(answerJson(handle(line)))}\n`);
    return;
  }
  process.stdout.write(`${bot.help().text}\nType a question, or Ctrl-D to quit. Then ask more: "tell me more", "source?", "why?", "and for Russia?".\n`);
  const prompt = (): boolean => process.stdout.write('\n? ');
  prompt();
  for await (const line of lines) {
    if (line.trim() !== '') {
      const answer = handle(line, true);
      process.stdout.write(args.values.json ? `${JSON.stringify(answerJson(answer))}\n` : `${renderTerminal(answer, colour)}\n`);
    }
    prompt();
  }
  process.stdout.write('\n');
}

/**
 * Runs the CLI on `process.argv`. `preloaded` is the bot a start-up snapshot already holds
 * (`src/cli/snapshot-entry.ts`); without it, or when it does not fit the run's corpus, the bot is loaded here.
 */
export function run(preloaded?: Preloaded): void {
  main(preloaded).catch((err: unknown) => {
    process.stderr.write(`ask: unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  });
}

// While a snapshot is being built, the snapshot's entry decides when to run (after it is restored).
if (!startupSnapshot.isBuildingSnapshot()) run();
