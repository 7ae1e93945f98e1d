/**
 * `npm run report`: what people asked, what the bot declined and which answers they rated down, from
 * the outcome database (`DATA_DIR`). Text by default, `--json` for scripts, `--html FILE` for a page.
 * Exit codes: 0 (also when there is nothing to report, which it says), 1 for an unreadable or too-new
 * database or an HTML file that cannot be written, 2 for bad usage.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, coreEnvSchema, parseEnv } from '../runtime/config.js';
import { emptyHtml, reportHtml } from './html.js';
import { emptyMessage, parseSince, reportJson, reportText } from './text.js';
import { readReport } from '../store/query.js';
import { databaseFile } from '../store/open.js';

const USAGE = `usage: npm run report -- [--since 7d] [--json | --html FILE] [--db FILE]

Reports the questions the chat bots recorded: per day and surface, the share answered, declined
and small talk, the subjects declined most, the answers rated down, and the clauses cited most.

options:
  --since SPAN   how far back: 7d (default), 24h, 30d, or a date such as 2025-11-20 (UTC)
  --json         print one JSON object (questions, declined_subjects, …)
  --html FILE    write a self-contained HTML page with charts to FILE
  --db FILE      the database (default: DATA_DIR/peace-plan.db)
  -h, --help     show this help`;

function fail(message: string, code: number): never {
  process.stderr.write(`report: ${message}\n`);
  process.exit(code);
}

function main(): void {
  let args;
  try {
    args = parseArgs({
      args: process.argv.slice(2),
      options: { since: { type: 'string', default: '7d' }, json: { type: 'boolean' }, html: { type: 'string' }, db: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (err) {
    fail(`${(err as Error).message.split('\n')[0]} (see --help)`, 2);
  }
  if (args.values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (args.values.json && args.values.html !== undefined) fail('choose one of --json and --html', 2);
  let file = args.values.db;
  if (file === undefined) {
    try {
      file = databaseFile(parseEnv(coreEnvSchema.pick({ DATA_DIR: true }), process.env));
    } catch (err) {
      if (err instanceof ConfigError) fail(err.message, 2);
      throw err;
    }
  }
  const now = Date.now();
  const since = parseSince(args.values.since, now);
  if (since === undefined) fail(`--since takes a span such as 7d or 24h, or a date such as 2025-11-20, not "${args.values.since}"`, 2);

  let result;
  try {
    result = readReport(resolve(file), since, now + 1);
  } catch (err) {
    fail(`cannot read ${file}: ${(err as Error).message}`, 1);
  }
  if (args.values.json) {
    process.stdout.write(`${JSON.stringify(reportJson(result), null, 2)}\n`);
    return;
  }
  if (args.values.html !== undefined) {
    try {
      writeFileSync(args.values.html, result.status === 'ok' ? reportHtml(result.data) : emptyHtml(emptyMessage(result)));
    } catch (err) {
      // A missing folder or a read-only disk is the user's to fix: say which file and why, not a stack trace.
      fail(`cannot write ${args.values.html}: ${(err as Error).message}`, 1);
    }
    process.stdout.write(`${result.status === 'ok' ? `wrote the report for ${result.data.questions} questions` : emptyMessage(result)}\nHTML: ${resolve(args.values.html)}\n`);
    return;
  }
  process.stdout.write(`${result.status === 'ok' ? reportText(result.data) : emptyMessage(result)}\n`);
}

main();
