import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { cosine, nearest, nearTable, readVectors, vectorTable } from '../../src/language/similar.js';

describe('word similarity', () => {
  it('ships a distilled table of general English words and the corpus vocabulary', () => {
    const t = vectorTable();
    expect(t).not.toBeNull();
    expect(t!.words.length).toBeGreaterThan(20_000);
    for (const w of ['reconstruction', 'ceasefire', 'sovereignty', 'rebuilding', 'truce']) expect(t!.at.has(w), w).toBe(true);
  });

  it('finds paraphrases above the floor and keeps unrelated words below it', () => {
    expect(cosine('rebuilding', 'reconstruction')).toBeGreaterThan(0.8);
    expect(cosine('truce', 'ceasefire')).toBeGreaterThan(0.85);
    expect(cosine('truce', 'pizza')).toBeLessThan(0.3);
    expect(nearest('rebuilding', ['reconstruction', 'pizza', 'sanctions'], 0.6).map((n) => n.word)).toEqual(['reconstruction']);
    expect(cosine('rebuilding', 'nosuchwordxyz')).toBeUndefined();
  });

  it('scans packed candidates for the nearest terms, best per term, above the floor', () => {
    const table = nearTable(['reconstruction', 'pizza', 'rehabilitation', 'rebuilding'], ['reconstruct', 'pizza', 'rehabilit', 'rebuild']);
    const near = table.nearest('rebuilding', 0.5, 3);
    expect(near[0]!.term).toBe('reconstruct');
    expect(near.map((n) => n.term)).not.toContain('pizza');
    expect(near.map((n) => n.term)).not.toContain('rebuild');
    expect(table.nearest('nosuchwordxyz', 0.5, 3)).toEqual([]);
  });

  it('rejects a file that is not a vector table', () => {
    expect(() => readVectors(Buffer.from('nope, not vectors at all'))).toThrow(/PPV1/);
  });
});
