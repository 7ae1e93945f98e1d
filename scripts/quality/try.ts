/** Measures the ranking under changed knobs, one setting per argument (a tuning aid). */
import { loadSets } from './sets.js';
import { byDocument, line, utility } from './measure.js';
import { DEFAULT_RANKING } from '../../src/retrieval/options.js';
// usage: node --import tsx scripts/quality/try.ts [--sets MANIFEST] knob=value …  (figures per document under each setting)
const args = process.argv.slice(2);
const at = args.indexOf('--sets');
const manifest = at >= 0 ? args.splice(at, 2)[1] : undefined;
const sets = loadSets(manifest, process.env.SHIPPED === '0' ? [] : undefined);
for (const arg of args.length ? args : ['maxCitations=3']) {
  const [k, v] = arg.split('=');
  const f = byDocument(sets, { ...DEFAULT_RANKING, [k!]: Number(v) });
  console.log(arg, utility(f).toFixed(4), [...f].map(([d, x]) => `${d}: ${line(x).replace(/in-scope \d+: /, '').replace(/out-of-scope \d+: /, '')}`).join(' | '));
}
