/**
 * `npm run report`: what people asked, what the bot declined and which answers they rated down, from
 * the outcome database (PostgreSQL at `DATABASE_URL` when set, else SQLite in `DATA_DIR`). Text by default, `--json` for scripts, `--html FILE` for a page.
 * Exit codes: 0 (also when there is nothing to report, which it says), 1 for an unreadable or too-new
 * database or an HTML file that cannot be written, 2 for bad usage.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, coreEnvSchema, parseEnv } from '../runtime/config.js';
import { emptyHtml, reportHtml } from './html.js';
import { emptyMessage, parseSince, reportJson, reportText } from './text.js';
import { readReportPostgres } from '../store/pg-query.js';
import { readReport, type ReportResult } from '../store/query.js';
import { databaseFile } from '../store/open.js';
import { PlanBot } from '../dialogue/bot.js';
import { suggestCuration, type SubjectSuggestions } from './suggest.js';
import type { ReportData } from '../store/query.js';

const USAGE = `usage: npm run report -- [--since 7d] [--json | --html FILE] [--db FILE] [--corpus DIR]

Reports the questions the chat bots recorded: per day and surface, the share answered, declined
and small talk, the subjects declined most, the answers rated down, the clauses cited most, and
what to teach the bot: candidate words and passages for each, with the npm run curate command.

options:
  --since SPAN   how far back: 7d (default), 24h, 30d, or a date such as 2025-11-20 (UTC)
  --json         print one JSON object (questions, declined_subjects, …)
  --html FILE    write a self-contained HTML page with charts to FILE
  --db FILE      a SQLite database (default: PostgreSQL at DATABASE_URL when set,
                 otherwise DATA_DIR/peace-plan.db)
  --corpus DIR   the corpus the suggestions search (default: CORPUS_DIR or the bundled corpus/)
  -h, --help     show this help`;

function fail(message: string, code: number): never {
  process.stderr.write(`report: ${message}\n`);
  process.exit(code);
}

async function main(): Promise<void> {
  let args;
  try {
    args = parseArgs({
      args: process.argv.slice(2),
      options: { since: { type: 'string', default: '7d' }, json: { type: 'boolean' }, html: { type: 'string' }, db: { type: 'string' }, corpus: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (err) {
    fail(`${(err as Error).message.split('\n')[0]} (see --help)`, 2);
  }
  if (args.values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (args.values.json && args.values.html !== undefined) fail('choose one of --json and --html', 2);
  // --db names a SQLite file and wins; otherwise the bots' own configuration says where they record.
  let file = args.values.db;
  let url: string | undefined;
  if (file === undefined) {
    try {
      const env = parseEnv(coreEnvSchema.pick({ DATA_DIR: true, DATABASE_URL: true }), process.env);
      url = env.DATABASE_URL;
      file = databaseFile(env);
    } catch (err) {
      if (err instanceof ConfigError) fail(err.message, 2);
      throw err;
    }
  }
  const now = Date.now();
  const since = parseSince(args.values.since, now);
  if (since === undefined) fail(`--since takes a span such as 7d or 24h, or a date such as 2025-11-20, not "${args.values.since}"`, 2);

  let result: ReportResult;
  try {
    result = url !== undefined ? await readReportPostgres(url, since, now + 1) : readReport(resolve(file), since, now + 1);
  } catch (err) {
    fail(`cannot read ${url !== undefined ? 'the PostgreSQL database at DATABASE_URL' : file}: ${(err as Error).message}`, 1);
  }
  const suggestions = result.status === 'ok' ? suggestionsFor(result.data, args.values.corpus) : undefined;
  if (args.values.json) {
    process.stdout.write(`${JSON.stringify(reportJson(result, suggestions), null, 2)}\n`);
    return;
  }
  if (args.values.html !== undefined) {
    try {
      writeFileSync(args.values.html, result.status === 'ok' ? reportHtml(result.data, suggestions) : emptyHtml(emptyMessage(result)));
    } catch (err) {
      // A missing folder or a read-only disk is the user's to fix: say which file and why, not a stack trace.
      fail(`cannot write ${args.values.html}: ${(err as Error).message}`, 1);
    }
    process.stdout.write(`${result.status === 'ok' ? `wrote the report for ${result.data.questions} questions` : emptyMessage(result)}\nHTML: ${resolve(args.values.html)}\n`);
    return;
  }
  process.stdout.write(`${result.status === 'ok' ? reportText(result.data, suggestions) : emptyMessage(result)}\n`);
}

/** Curation suggestions against the corpus; none (and a warning) when the corpus does not load, since the rest of the report stands without it. */
function suggestionsFor(data: ReportData, corpus: string | undefined): SubjectSuggestions[] | undefined {
  const dir = corpus ?? (process.env.CORPUS_DIR || undefined);
  try {
    return suggestCuration(PlanBot.load(dir ? { corpusDir: dir } : {}).index, data);
  } catch (err) {
    process.stderr.write(`report: no curation suggestions: ${(err as Error).message}\n`);
    return undefined;
  }
}

main().catch((err: unknown) => fail(`unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`, 1));
