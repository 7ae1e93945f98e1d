import type { CorpusDocument } from '../src/types.js';

/** A seeded linear congruential generator: the same seed gives the same corpus on every run. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/**
 * Builds a synthetic corpus of `passages` one-sentence passages from the words of `source`,
 * deterministically: 100 passages per paragraph line, 1,000 lines per document.
 */
export function syntheticCorpus(source: string, passages: number, seed = 1): CorpusDocument[] {
  const vocab = [...new Set(source.match(/[A-Za-z][A-Za-z’'-]*[A-Za-z]|\d[\d,]*/g) ?? [])].sort();
  const rand = lcg(seed);
  const sentence = (): string => {
    const n = 8 + Math.floor(rand() * 16);
    const words = Array.from({ length: n }, () => vocab[Math.floor(rand() * vocab.length)]!);
    const first = words[0]!;
    words[0] = first[0]!.toUpperCase() + first.slice(1);
    return `${words.join(' ')}.`;
  };
  const perLine = 10;
  const perDoc = 10_000;
  const docs: CorpusDocument[] = [];
  for (let made = 0, d = 0; made < passages; d++) {
    const lines: string[] = [];
    for (let inDoc = 0; inDoc < perDoc && made < passages; ) {
      const k = Math.min(perLine, passages - made, perDoc - inDoc);
      lines.push(Array.from({ length: k }, sentence).join(' '));
      made += k;
      inDoc += k;
    }
    const id = `synthetic-${String(d).padStart(3, '0')}`;
    docs.push({ id, title: `Synthetic ${d}`, source: 'bench', date: '2025-11-20', language: 'en', text: lines.join('\n'), file: `${id}.txt` });
  }
  return docs;
}
