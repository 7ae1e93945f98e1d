/**
 * Writes test/fixtures/golden/dev-answers.jsonl and test/fixtures/dev-citations.jsonl: the CLI's `--json` line for every question of the
 * dev sets, on the bundled corpus. test/cli/golden.test.ts compares against it, so a change that
 * was meant to leave behaviour alone (a move, a split) proves it did. When answers are meant to
 * change, run `npm run golden` and review the diff of the file in the same commit.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { goldenLines } from '../test/cli/golden.js';
import { PlanBot } from '../src/dialogue/bot.js';

const root = new URL('../', import.meta.url);
const out = new URL('test/fixtures/golden/dev-answers.jsonl', root);
writeFileSync(out, goldenLines().join('\n') + '\n');
console.log(`wrote ${readFileSync(out, 'utf8').trim().split('\n').length} answers to ${out.pathname}`);

// test/fixtures/dev-citations.jsonl: the dev set's citation ids and quotes, checked through the built CLI.
const citations = new URL('test/fixtures/dev-citations.jsonl', root);
const bot = PlanBot.load();
const lines = readFileSync(citations, 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { q: string }).q).map((q) => {
  const a = bot.ask(q);
  return JSON.stringify({ q, citations: a.kind === 'answered' ? a.citations.map(({ id, quote }) => ({ id, quote })) : [] });
});
writeFileSync(citations, `${lines.join('\n')}\n`);
console.log(`wrote ${lines.length} citation lists to ${citations.pathname}`);
