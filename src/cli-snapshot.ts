/**
 * Entry of the CLI's V8 start-up snapshot (built by scripts/build.mjs): the bot is loaded here, at
 * build time, and the snapshot's heap keeps it, so `node --snapshot-blob dist/cli.blob dist/cli.mjs`
 * starts with the lexicon compiled, the corpus segmented and the index built.
 */
import { startupSnapshot } from 'node:v8';
import { run } from './cli.js';
import { preload } from './snapshot.js';

// CORPUS_DIR at build time picks the corpus to hold; a run with another one loads it as usual.
const preloaded = preload(process.env.CORPUS_DIR || undefined);
startupSnapshot.setDeserializeMainFunction(() => run(preloaded));
