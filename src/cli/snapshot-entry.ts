/**
 * Entry of the CLI's V8 start-up snapshot (built by scripts/build.mjs): the bot is loaded here, at
 * build time, and the snapshot's heap keeps it, so `node --snapshot-blob dist/cli.blob dist/cli.mjs`
 * starts with the lexicon compiled, the corpus segmented and the index built.
 */
import { startupSnapshot } from 'node:v8';
import { cliBotOptions, defaultCliConfig, run } from './main.js';
import { DEFAULT_CORPUS_DIR } from '../corpus/load.js';
import { preload, type Preloaded } from './snapshot.js';

// CORPUS_DIR at build time picks the corpus to hold; a run with another one loads it as usual. A
// corpus that cannot be loaded is left for the run to report.
let preloaded: Preloaded | undefined;
try {
  preloaded = preload({ ...cliBotOptions(defaultCliConfig()), corpusDir: process.env.CORPUS_DIR || DEFAULT_CORPUS_DIR });
} catch {
  preloaded = undefined;
}
startupSnapshot.setDeserializeMainFunction(() => run(preloaded));
