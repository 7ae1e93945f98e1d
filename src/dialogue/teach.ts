/**
 * Teaching from chat: Slack's `/plan teach …` and Discord's `/teach …` do what `npm run curate` does
 * (alias, pin, list, remove), for the user ids in `ADMIN_USER_IDS` only. The change goes to the same
 * `curation.json`, is checked against the corpus first (as `curate` does), takes effect at once
 * (the live bot reloads) and is logged with who made it. Anyone else gets a polite refusal.
 */
import { curationEntrySchema, writeCuration, type Curation, type CurationEntry } from '../corpus/curation.js';
import { CorpusError } from '../corpus/load.js';
import type { Logger } from '../runtime/logger.js';
import { PlanBot } from './bot.js';
import { changeLines, describeEntry } from './curate-show.js';
import type { LiveBot } from './reload.js';

/** What a teach message asks for. */
export type TeachRequest =
  | { kind: 'alias'; phrase: string; means: string }
  | { kind: 'pin'; phrase: string; ids: string[] }
  | { kind: 'list' }
  | { kind: 'remove'; n: number }
  | { kind: 'usage' };

/** The outcome of a teach message: always a reply; `changed` when the file was written. */
export type TeachOutcome = { kind: 'changed' | 'listed' | 'refused' | 'not-admin' | 'usage'; text: string };

const USAGE = [
  'Teach me, as npm run curate does:',
  '  teach alias "PHRASE" "DOCUMENT WORDS"',
  '  teach pin "PHRASE" ID…',
  '  teach list',
  '  teach remove N',
].join('\n');

/** The words of a message, with "…", “…” and «…» each one argument (chat apps curl straight quotes). */
export function teachArgs(text: string): string[] {
  return [...text.matchAll(/"([^"]*)"|“([^”]*)”|«([^»]*)»|(\S+)/g)].map((m) => (m[1] ?? m[2] ?? m[3] ?? m[4]!).trim());
}

const SUBCOMMANDS = new Set(['alias', 'pin', 'list', 'remove']);

/**
 * The text after a leading `teach`, when the message is a teach command (`teach` alone, or followed by
 * alias, pin, list or remove); undefined otherwise, so that "teach me about NATO" stays a question.
 */
export function teachText(message: string): string | undefined {
  const m = /^\s*teach(?:\s+([\s\S]*))?$/i.exec(message);
  if (!m) return undefined;
  const rest = (m[1] ?? '').trim();
  return rest === '' || SUBCOMMANDS.has(teachArgs(rest)[0]!.toLowerCase()) ? rest : undefined;
}

/** Reads a teach message's arguments. */
export function parseTeach(text: string): TeachRequest {
  const [command, ...rest] = teachArgs(text);
  switch (command?.toLowerCase()) {
    case 'alias':
      return rest.length === 2 ? { kind: 'alias', phrase: rest[0]!, means: rest[1]! } : { kind: 'usage' };
    case 'pin':
      return rest.length >= 2 ? { kind: 'pin', phrase: rest[0]!, ids: rest.slice(1) } : { kind: 'usage' };
    case 'list':
      return rest.length === 0 ? { kind: 'list' } : { kind: 'usage' };
    case 'remove': {
      const n = Number(rest[0]);
      return rest.length === 1 && Number.isInteger(n) && n >= 1 ? { kind: 'remove', n } : { kind: 'usage' };
    }
    default:
      return { kind: 'usage' };
  }
}

/** Who is teaching: the platform's user id, and whether it is in ADMIN_USER_IDS. */
export interface Teacher {
  /** The id as the log records it, e.g. `slack:U123`. */
  user: string;
  admin: boolean;
}

/**
 * Handles one teach message against the live bot: checks who asks, changes and writes the curation,
 * reloads, and says what the bot answered before and answers now. Never throws.
 */
export function teach(live: LiveBot, text: string, who: Teacher, logger: Logger, now: Date = new Date()): TeachOutcome {
  if (!who.admin) {
    logger.warn({ user: who.user }, 'teach refused: not an admin');
    return { kind: 'not-admin', text: 'Sorry, only the administrators of this bot can teach it. An administrator can add what you meant, or you can ask them to.' };
  }
  const request = parseTeach(text);
  const before = live.bot;
  const entries = before.curation.entries;
  if (request.kind === 'usage') return { kind: 'usage', text: USAGE };
  if (request.kind === 'list') return { kind: 'listed', text: entries.length ? entries.map((e, i) => `${i + 1}. ${describeEntry(e)}`).join('\n') : 'No curation entries.' };
  let next: Curation;
  let what: string;
  let phrase: string;
  if (request.kind === 'remove') {
    const gone = entries[request.n - 1];
    if (!gone) return { kind: 'refused', text: `There is no entry ${request.n}: there are ${entries.length} (see teach list).` };
    next = { entries: entries.filter((_, i) => i !== request.n - 1) };
    what = `removed ${request.n}. ${describeEntry(gone)}`;
    phrase = gone.phrase;
  } else {
    const stamp = { by: who.user, at: now.toISOString() };
    const parsed = curationEntrySchema.safeParse(request.kind === 'alias' ? { ...request, ...stamp } : { ...request, ...stamp });
    if (!parsed.success) return { kind: 'refused', text: `Not changed: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}` };
    const entry: CurationEntry = parsed.data;
    const twin = entries.findIndex((e) => e.kind === entry.kind && e.phrase.toLowerCase() === entry.phrase.toLowerCase());
    if (twin >= 0) return { kind: 'refused', text: `Not changed: entry ${twin + 1} is already ${describeEntry(entries[twin]!)}; remove it first.` };
    next = { entries: [...entries, entry] };
    what = `added ${entries.length + 1}. ${describeEntry(entry)}`;
    phrase = entry.phrase;
  }
  try {
    // Checked as loading would check it, before anything is written.
    new PlanBot(before.index, { ...before.options, curation: next }, before.lexicon);
    writeCuration(before.options.corpusDir, next);
  } catch (err) {
    if (err instanceof CorpusError) return { kind: 'refused', text: `Not changed: ${err.message}` };
    logger.error({ user: who.user, err }, 'teach failed');
    return { kind: 'refused', text: 'Not changed: the curation file could not be written (the log says why).' };
  }
  const reload = live.reload();
  logger.info({ user: who.user, change: what, reloaded: reload.ok }, 'curation changed from chat');
  const tail = reload.ok ? [] : [`The file is written, but the bot could not reload (${reload.reason}); it still answers as before.`];
  return { kind: 'changed', text: [what, ...changeLines(before, live.bot, phrase, []), ...tail].join('\n') };
}
