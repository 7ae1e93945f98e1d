/** Prints, for each question given, the analysed ideas and the top passages with scores (a tuning aid). */
import { loadCorpus, parseDocument } from '../../src/corpus/load.js';
import { readFileSync, statSync } from 'node:fs';
import { PlanBot } from '../../src/dialogue/bot.js';
import { analyse } from '../../src/retrieval/analyse.js';
import { rank } from '../../src/retrieval/rank.js';
const [corpus, ...qs] = process.argv.slice(2);
const docs = corpus!.split(',').flatMap((p) => (statSync(p).isDirectory() ? loadCorpus(p) : [parseDocument(readFileSync(p, 'utf8'), p)]));
const bot = new PlanBot(docs);
for (const q of qs) {
  const groups = analyse(q, bot.index, bot.lexicon, bot.ranking, bot.speller);
  console.log(`\n? ${q}`);
  for (const g of groups) console.log(`  idea ${g.words.join(' ')}${g.weak ? ' (weak)' : ''} -> ${[...g.alternatives].map(([t, w]) => `${t}:${w.toFixed(2)}`).join(' ')}`);
  const r = rank(q, bot.index, bot.lexicon, bot.ranking, bot.speller);
  console.log(`  covered=${r.covered} unknown=${r.unknown.map((s) => q.slice(s.start, s.end)).join(',')}`);
  for (const x of r.results) console.log(`  ${x.score.toFixed(2)} cov=${x.coverage.toFixed(2)} ${bot.index.passages[x.order]!.id} ${bot.index.passages[x.order]!.text.slice(0, 70)}`);
  const a = bot.ask(q);
  console.log(`  => ${a.kind}: ${a.text.split('\n')[0]!.slice(0, 100)}`);
}
