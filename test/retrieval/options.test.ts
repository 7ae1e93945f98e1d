import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_RANKING, HAND_RANKING, trainedRanking } from '../../src/retrieval/options.js';

const file = JSON.parse(readFileSync(new URL('../../src/data/ranking.json', import.meta.url), 'utf8')) as { version: number; params: Record<string, number>; trainedOn: string[] };

describe('trained ranking parameters (src/data/ranking.json, made by scripts/train-ranking.ts)', () => {
  it('cannot silently empty: a trained version, trained on several documents, with a value for every trained knob', () => {
    expect(file.version).toBeGreaterThanOrEqual(1);
    expect(Object.keys(file.params).length).toBeGreaterThan(10);
    expect(new Set(file.trainedOn.map((s) => s.split(':')[0]))).not.toHaveProperty('size', 1);
    for (const [key, value] of Object.entries(file.params)) expect(DEFAULT_RANKING[key as keyof typeof DEFAULT_RANKING], key).toBe(value);
  });

  it('refuses a parameter the options do not have, so a renamed knob is not dropped silently', () => {
    expect(() => trainedRanking({ version: 1, params: { notAKnob: 1 } })).toThrow(/unknown parameter notAKnob/);
    expect(() => trainedRanking({ version: 1, params: { minCoverage: -1 } })).toThrow();
  });

  it('keeps every hand-set knob the file does not name', () => {
    expect(trainedRanking({ version: 1, params: {} })).toEqual(HAND_RANKING);
  });
});
