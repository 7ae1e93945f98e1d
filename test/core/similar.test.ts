import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { cosine, nearest, readVectors, vectorTable } from '../../src/similar.js';

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

  it('finds a rebuilding question the summary words as reconstruction', async () => {
    const { PlanBot } = await import('../../src/bot.js');
    const a = PlanBot.load().ask('Who pays for the rebuilding?');
    expect(a.kind === 'answered' && a.citations[0]!.quote).toContain('reconstruction');
  });

  it('rejects a file that is not a vector table', () => {
    expect(() => readVectors(Buffer.from('nope, not vectors at all'))).toThrow(/PPV1/);
  });
});
