import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { goldenLines } from './golden.js';

describe('pinned answers', () => {
  it('answers every dev-set question byte for byte as the pinned file says (npm run golden remakes it)', () => {
    const pinned = readFileSync(new URL('../fixtures/golden/dev-answers.jsonl', import.meta.url), 'utf8').trim().split('\n');
    const now = goldenLines();
    expect(now.length).toBe(pinned.length);
    now.forEach((line, i) => expect(line, `line ${i + 1}`).toBe(pinned[i]));
  });
});
