/**
 * `npm run curate`: teaches the bot through the corpus folder's `curation.json`. `alias` and `pin` add
 * an entry, `remove N` drops one, `list` shows them, and `suggest` proposes entries from what the
 * outcome store says people were refused or rated down. Every change is checked against the corpus
 * before it is written (a change the bot would refuse to load is not made) and shows what the bot
 * answered before and answers now. Exit codes: 0 done, 1 a change refused or an unreadable file, 2 bad usage.
 */
import { userInfo } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { curationEntrySchema, writeCuration, type Curation, type CurationEntry } from '../corpus/curation.js';
import { CorpusError, DEFAULT_CORPUS_DIR } from '../corpus/load.js';
import { PlanBot } from '../dialogue/bot.js';
import { parseSince } from '../report/text.js';
import { suggestCuration, suggestionsJson, suggestionsText } from '../report/suggest.js';
import { ConfigError, coreEnvSchema, parseEnv } from '../runtime/config.js';
import { databaseFile } from '../store/open.js';
import { readReport, storedQuestions } from '../store/query.js';
import { changeLines, describeEntry } from '../dialogue/curate-show.js';

const USAGE = `usage: npm run curate -- COMMAND [options]

Teaches the bot words and passages, in curation.json beside the corpus documents.

commands:
  alias "PHRASE" "DOCUMENT WORDS"   questions saying PHRASE are searched with the documents' words instead
  pin "PHRASE" ID...                questions saying PHRASE quote these passages first
  list                              the entries, numbered
  remove N                          drops entry N (as numbered by list)
  suggest [--since 7d] [--json]     candidate aliases and pins for declined subjects and rated-down answers

options:
  --corpus DIR   corpus folder (default: CORPUS_DIR or the bundled corpus/)
  --db FILE      outcome database (default: DATA_DIR/peace-plan.db): suggest reads it; alias, pin
                 and remove also show how its stored questions are answered before and now
  --by NAME      who makes the change (default: the user name)
  --note TEXT    why, kept with the entry
  --since SPAN   suggest: how far back, 7d (default), 24h or a date such as 2025-11-20
  --json         suggest: print [{subject, count, suggestions: [{words|passage, command}]}]
  -h, --help     show this help

Running bots read the file on SIGHUP (with the corpus); the CLI on its next start.`;

function fail(message: string, code: number): never {
  process.stderr.write(`curate: ${message}\n`);
  process.exit(code);
}

const out = (lines: string[]): void => void process.stdout.write(`${lines.join('\n')}\n`);

function defaultDb(): string {
  try {
    return databaseFile(parseEnv(coreEnvSchema.pick({ DATA_DIR: true }), process.env));
  } catch (err) {
    if (err instanceof ConfigError) fail(err.message, 2);
    throw err;
  }
}

function whoAmI(): string {
  try {
    return userInfo().username || 'cli';
  } catch {
    return 'cli';
  }
}

function load(dir: string): PlanBot {
  try {
    return PlanBot.load({ corpusDir: dir });
  } catch (err) {
    if (err instanceof CorpusError) fail(err.message, 1);
    throw err;
  }
}

/** Checks a new curation against the bot's corpus (as loading would), writes it and shows the change. */
function apply(bot: PlanBot, dir: string, next: Curation, phrase: string, db: string, what: string): void {
  let after: PlanBot;
  try {
    after = new PlanBot(bot.index, { ...bot.options, curation: next }, bot.lexicon);
  } catch (err) {
    if (err instanceof CorpusError) fail(`not changed: ${err.message}`, 1);
    throw err;
  }
  writeCuration(dir, next);
  let stored: string[] = [];
  try {
    stored = storedQuestions(resolve(db));
  } catch (err) {
    process.stderr.write(`curate: stored questions not shown: ${(err as Error).message}\n`);
  }
  out([what, '', ...changeLines(bot, after, phrase, stored), '', 'Running bots read it on SIGHUP; the CLI on its next start.']);
}

function main(): void {
  let args;
  try {
    args = parseArgs({
      args: process.argv.slice(2),
      allowPositionals: true,
      options: {
        corpus: { type: 'string' },
        db: { type: 'string' },
        by: { type: 'string' },
        note: { type: 'string' },
        since: { type: 'string', default: '7d' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    fail(`${(err as Error).message.split('\n')[0]} (see --help)`, 2);
  }
  const [command, ...rest] = args.positionals;
  if (args.values.help || command === undefined) {
    process.stdout.write(`${USAGE}\n`);
    if (command === undefined && !args.values.help) process.exit(2);
    return;
  }
  const dir = args.values.corpus ?? (process.env.CORPUS_DIR || DEFAULT_CORPUS_DIR);
  const db = args.values.db ?? defaultDb();
  const bot = load(dir);
  const entries = bot.curation.entries;
  const stamp = { by: args.values.by ?? whoAmI(), at: new Date().toISOString(), ...(args.values.note !== undefined ? { note: args.values.note } : {}) };
  switch (command) {
    case 'alias':
    case 'pin': {
      const [phrase, ...targets] = rest;
      if (phrase === undefined || targets.length === 0 || (command === 'alias' && targets.length !== 1)) fail(`${command} takes ${command === 'alias' ? '"PHRASE" "DOCUMENT WORDS"' : '"PHRASE" ID...'} (see --help)`, 2);
      const parsed = curationEntrySchema.safeParse(command === 'alias' ? { kind: 'alias', phrase, means: targets[0], ...stamp } : { kind: 'pin', phrase, ids: targets, ...stamp });
      if (!parsed.success) fail(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '), 2);
      const entry: CurationEntry = parsed.data;
      const twin = entries.findIndex((e) => e.kind === entry.kind && e.phrase.toLowerCase() === entry.phrase.toLowerCase());
      if (twin >= 0) fail(`not changed: entry ${twin + 1} is already ${describeEntry(entries[twin]!)}; remove it first`, 1);
      apply(bot, dir, { entries: [...entries, entry] }, entry.phrase, db, `added ${entries.length + 1}. ${describeEntry(entry)}`);
      return;
    }
    case 'remove': {
      const n = Number(rest[0]);
      if (rest.length !== 1 || !Number.isInteger(n) || n < 1) fail('remove takes one entry number, as list shows it (see --help)', 2);
      const gone = entries[n - 1];
      if (!gone) fail(`there is no entry ${n}: the file has ${entries.length} (see list)`, 1);
      apply(bot, dir, { entries: entries.filter((_, i) => i !== n - 1) }, gone.phrase, db, `removed ${n}. ${describeEntry(gone)}`);
      return;
    }
    case 'list':
      out(entries.length === 0 ? ['No curation entries.'] : entries.map((e, i) => `${i + 1}. ${describeEntry(e)}`));
      return;
    case 'suggest': {
      const now = Date.now();
      const since = parseSince(args.values.since, now);
      if (since === undefined) fail(`--since takes a span such as 7d or 24h, or a date such as 2025-11-20, not "${args.values.since}"`, 2);
      let report;
      try {
        report = readReport(resolve(db), since, now + 1);
      } catch (err) {
        fail(`cannot read ${db}: ${(err as Error).message}`, 1);
      }
      const list = report.status === 'ok' ? suggestCuration(bot.index, report.data) : [];
      if (args.values.json) process.stdout.write(`${JSON.stringify(suggestionsJson(list), null, 2)}\n`);
      else out(report.status === 'ok' ? ['What to teach it, most asked first:', ...suggestionsText(list)] : [`Nothing to suggest: no questions recorded in ${db} for that range.`]);
      return;
    }
    default:
      fail(`unknown command "${command}" (see --help)`, 2);
  }
}

main();
