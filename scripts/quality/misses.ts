/** Lists the misses of the named sets (a tuning aid): declined in-scope, wrong first quote, answered near-misses. */
import { loadSets } from './sets.js';
import { DEFAULT_RANKING } from '../../src/retrieval/options.js';
const [manifest, ...names] = process.argv.slice(2);
const norm = (s: string): string => s.normalize('NFKC').replace(/[’‘]/g, "'").replace(/[–—]/g, '-').replace(/\s+/g, ' ').toLowerCase();
for (const set of loadSets(manifest, []).filter((s) => names.length === 0 || names.includes(s.name))) {
  const bot = set.bot.withOptions({ ranking: DEFAULT_RANKING });
  console.log(`== ${set.name}`);
  for (const q of set.questions) {
    const a = bot.ask(q.q);
    const quotes = a.kind === 'answered' ? a.citations.map((c) => norm(c.quote)) : [];
    const ok = q.gold.length === 0 ? a.kind !== 'answered' : quotes.length > 0 && q.gold.some((g) => quotes[0]!.includes(norm(g)));
    if (ok) continue;
    const what = a.kind === 'answered' ? `${a.citations[0]!.id} ${a.citations[0]!.quote.slice(0, 60)}` : a.text.split('\n')[0]!.slice(0, 80);
    console.log(`${q.gold.length ? 'MISS' : 'OOS '} [${q.style ?? ''}] ${q.q}\n      -> ${what}`);
  }
}
