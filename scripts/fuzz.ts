// npm run fuzz: 100,000 generated questions through the core and both renderers; prints the counts.
import { fuzz } from '../test/fuzz/properties.js';

const runs = Number(process.argv[2] ?? 100_000);
const seed = Number(process.argv[3] ?? Date.now() % 1_000_000);
const started = performance.now();
let shown = 0;
const { cases, failures } = fuzz(runs, seed, (question, problems) => {
  if (shown++ < 10) console.log(`FAIL ${JSON.stringify(question.slice(0, 200))}: ${problems.join('; ')}`);
});
console.log(`fuzz: seed ${seed}, ${cases} cases, ${failures} failures, ${((performance.now() - started) / 1000).toFixed(1)} s`);
process.exit(failures ? 1 : 0);
