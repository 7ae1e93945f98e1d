/**
 * Writes test/fixtures/golden/dev-answers.jsonl: the CLI's `--json` line for every question of the
 * dev sets, on the bundled corpus. test/cli/golden.test.ts compares against it, so a change that
 * was meant to leave behaviour alone (a move, a split) proves it did. When answers are meant to
 * change, run `npm run golden` and review the diff of the file in the same commit.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { goldenLines } from '../test/cli/golden.js';

const root = new URL('../', import.meta.url);
const out = new URL('test/fixtures/golden/dev-answers.jsonl', root);
writeFileSync(out, goldenLines().join('\n') + '\n');
console.log(`wrote ${readFileSync(out, 'utf8').trim().split('\n').length} answers to ${out.pathname}`);
