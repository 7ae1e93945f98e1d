import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PlanBot, type PlanBotOptions } from '../dialogue/bot.js';
import { DEFAULT_CORPUS_DIR, DOCUMENT_EXTENSIONS } from '../corpus/load.js';
import { CURATION_FILE } from '../corpus/curation.js';
import { forgetPluralRules } from '../wording/strings.js';

/** A bot loaded ahead of time (into a V8 start-up snapshot), with what it was loaded from. */
export interface Preloaded {
  bot: PlanBot;
  /** Absolute corpus folder. */
  corpusDir: string;
  /** {@link corpusFingerprint} of that folder when it was loaded. */
  fingerprint: string;
  /** The options it was made with, less the corpus folder, as JSON: a run asking for the same ones takes the bot as it is. */
  options: string;
}

const optionsKey = (options: Partial<PlanBotOptions>): string => JSON.stringify({ ...options, corpusDir: undefined });

/**
 * A content hash of the document files and curation of a corpus folder (names and bytes), or undefined when the
 * folder cannot be read. Cheap next to loading: it reads the files but parses and indexes nothing.
 */
export function corpusFingerprint(dir: string): string | undefined {
  try {
    const hash = createHash('sha256');
    for (const name of readdirSync(dir).sort()) {
      // curation.json shapes answers as much as the documents do.
      if (!DOCUMENT_EXTENSIONS.some((ext) => name.endsWith(ext)) && name !== CURATION_FILE) continue;
      hash.update(name).update('\0').update(readFileSync(join(dir, name))).update('\0');
    }
    return hash.digest('hex');
  } catch {
    return undefined;
  }
}

/** Questions asked while the snapshot is built, so that what the first real question needs is already there. */
const WARM_UP = ['What does the plan say about NATO?', 'clause 7.2', 'topics', 'sources', 'help', 'Wat abuot the armistise?'];

/**
 * Loads the bot for a snapshot: the corpus read and indexed, the lexicon compiled, and a few
 * questions asked so that lazily built data (the spelling checker) is built too. `options` should
 * be the ones a run with no settings asks for, so that such a run uses the bot as it is.
 */
export function preload(options: Partial<PlanBotOptions> = {}): Preloaded {
  const dir = resolve(options.corpusDir ?? DEFAULT_CORPUS_DIR);
  const fingerprint = corpusFingerprint(dir);
  if (fingerprint === undefined) throw new Error(`cannot read corpus folder ${dir}`);
  const bot = PlanBot.load({ ...options, corpusDir: dir });
  for (const q of WARM_UP) bot.ask(q);
  forgetPluralRules();
  return { bot, corpusDir: dir, fingerprint, options: optionsKey(options) };
}

/**
 * The bot for a run: the preloaded one adapted to `options` when it was loaded from the same corpus
 * folder and the folder's documents are unchanged since; otherwise a freshly loaded one (which
 * throws `CorpusError` for a bad corpus, as always).
 */
export function loadBot(options: Partial<PlanBotOptions>, preloaded?: Preloaded): PlanBot {
  if (preloaded) {
    const dir = resolve(options.corpusDir ?? DEFAULT_CORPUS_DIR);
    if (dir === preloaded.corpusDir && corpusFingerprint(dir) === preloaded.fingerprint) {
      return optionsKey(options) === preloaded.options ? preloaded.bot : preloaded.bot.withOptions(options);
    }
  }
  return PlanBot.load(options);
}
