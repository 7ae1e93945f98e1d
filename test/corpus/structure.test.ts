import { describe, expect, it } from 'vitest';
import { segmentDocument } from '../../src/corpus/segment.js';
import { outline } from '../../src/corpus/structure.js';
import type { CorpusDocument, Passage } from '../../src/types.js';

const doc = (text: string, id = 'plan'): CorpusDocument => ({ id, title: 't', source: 's', date: '2025-11-20', language: 'en', text, file: `${id}.txt` });
const cut = (text: string): Passage[] => segmentDocument(doc(text));
const table = (text: string): [string, string][] => cut(text).map((p) => [p.id, p.text]);

describe('numbered points', () => {
  it.each([
    ['1.', '1. First point.\n2. Second point.\n3. Third point.'],
    ['1)', '1) First point.\n2) Second point.\n3) Third point.'],
    ['(1)', '(1) First point.\n(2) Second point.\n(3) Third point.'],
    ['Point 1:', 'Point 1: First point.\nPoint 2: Second point.\nPoint 3: Third point.'],
    ['Article 1', 'Article 1. First point.\nArticle 2. Second point.\nArticle 3. Third point.'],
  ])('reads %s markers as points, ids following the numbering, no marker in any passage', (_style, text) => {
    expect(table(text)).toEqual([
      ['plan:1.1', 'First point.'],
      ['plan:2.1', 'Second point.'],
      ['plan:3.1', 'Third point.'],
    ]);
  });

  it('keeps a point hard-wrapped over several lines (indented or not) as one passage, verbatim', () => {
    const text = '1. Russia and Ukraine sign a pact of\n   non-aggression, and every old question\nis treated as closed.\n2. Next.\n3. Last.';
    expect(table(text)).toEqual([
      ['plan:1.1', 'Russia and Ukraine sign a pact of\n   non-aggression, and every old question\nis treated as closed.'],
      ['plan:2.1', 'Next.'],
      ['plan:3.1', 'Last.'],
    ]);
    for (const p of cut(text)) expect(text.slice(p.start, p.end)).toBe(p.text);
  });

  it('does not take a number wrapped to the start of a line for a point', () => {
    const text = '1. Forces are capped at\n600. Not a point.\n2. Two.\n3. Three.';
    expect(cut(text).map((p) => p.id)).toEqual(['plan:1.1', 'plan:1.2', 'plan:2.1', 'plan:3.1']);
  });

  it('numbers a point from a marker alone on its line', () => {
    expect(table('1.\nFirst.\n2.\nSecond.\n3.\nThird.')).toEqual([
      ['plan:1.1', 'First.'],
      ['plan:2.1', 'Second.'],
      ['plan:3.1', 'Third.'],
    ]);
  });
});

describe('sub-items and lead-ins', () => {
  it.each([['-'], ['•'], ['*'], ['→'], ['a)'], ['(a)'], ['i.']])('cuts %s sub-items into passages carrying the point and its lead-in', (marker) => {
    const text = `1. One.\n2. The guarantee has conditions:\n${marker} it is paid for;\n${marker} an invasion cancels it.\n3. Three.`;
    const ps = cut(text);
    expect(ps.map((p) => p.id)).toEqual(['plan:1.1', 'plan:2.1', 'plan:2.2', 'plan:2.3', 'plan:3.1']);
    expect(ps[2]!.text).toBe('it is paid for;');
    expect(ps[3]!.text).toBe('an invasion cancels it.');
    expect(ps[3]!.context).toMatchObject({ point: '2', leadIn: 'The guarantee has conditions:' });
    expect(ps[1]!.context?.leadIn).toBeUndefined();
    expect(ps[4]!.context?.leadIn).toBeUndefined();
  });

  it('labels lettered and roman items, and gives nested items the nearest lead-in', () => {
    const text = '1. One.\n2. Conditions:\na) payment as follows:\n   - half now;\n   - half later.\nb) no invasion.\n3. Three.';
    const ps = cut(text);
    const byText = (t: string): Passage => ps.find((p) => p.text.startsWith(t))!;
    expect(byText('payment').context).toMatchObject({ item: 'a', leadIn: 'Conditions:' });
    expect(byText('half now').context?.leadIn).toBe('payment as follows:');
    expect(byText('no invasion').context).toMatchObject({ item: 'b', leadIn: 'Conditions:' });
  });

  it('uses another numbered style inside points as sub-items', () => {
    const ps = cut('1. One:\n(1) first;\n(2) second.\n2. Two.\n3. Three.');
    expect(ps.map((p) => p.id)).toEqual(['plan:1.1', 'plan:1.2', 'plan:1.3', 'plan:2.1', 'plan:3.1']);
    expect(ps[2]!.context).toMatchObject({ item: '2', leadIn: 'One:' });
  });
});

describe('headings and preamble', () => {
  it('makes headings context, never passages, and numbers text before point 1 as point 0', () => {
    const text = 'Framework for peace\n\nThis text is a test.\n\n1. One.\n2. Two.\n\nTerritory\n\n3. Three.';
    const ps = cut(text);
    expect(ps.map((p) => [p.id, p.text])).toEqual([
      ['plan:0.1', 'This text is a test.'],
      ['plan:1.1', 'One.'],
      ['plan:2.1', 'Two.'],
      ['plan:3.1', 'Three.'],
    ]);
    expect(ps[1]!.context?.heading).toBe('Framework for peace');
    expect(ps[3]!.context?.heading).toBe('Territory');
    expect(outline(text)!.headings.map((h) => h.text)).toEqual(['Framework for peace', 'Territory']);
  });
});

describe('documents that are not numbered', () => {
  it('keeps paragraph ids for prose, and for prose quoting a short numbered list', () => {
    const prose = 'The draft has many parts. Officials spoke.\nIt lists three things:\n1. One.\n2. Two.\n3. Three.\nThen a long discussion followed.\nMore text.\nAnd more.\nAnd yet more text.';
    expect(outline(prose)).toBeNull();
    expect(cut(prose)[0]!.id).toBe('plan:1.1');
    expect(cut(prose).some((p) => /^\d+\.$/.test(p.text))).toBe(false);
  });

  it('reports a duplicate point as an error and a gap as a warning, keeping ids unique', () => {
    const text = '1. One.\n2. Two.\n2. Again.\n5. Five.';
    const shape = outline(text)!;
    expect(shape.problems.map((p) => p.level)).toEqual(['error', 'warning']);
    expect(shape.problems[0]!.message).toContain('point 2 appears twice');
    expect(shape.problems[1]!.message).toContain('points 3-4 are missing');
    const ids = cut(text).map((p) => p.id);
    expect(ids).toEqual(['plan:1.1', 'plan:2.1', 'plan:2.2', 'plan:5.1']);
  });
});

describe('marker and number data', () => {
  it('cannot silently empty', async () => {
    const rules = (await import('../../src/data/segmentation.json', { with: { type: 'json' } })).default;
    const numbers = (await import('../../src/data/numbers.json', { with: { type: 'json' } })).default;
    expect(Object.keys(rules.pointMarkers).filter((k) => k !== '$comment').sort()).toEqual(['article', 'dot', 'paren', 'parens', 'point']);
    expect(Object.keys(rules.subItemMarkers).filter((k) => k !== '$comment').sort()).toEqual(['bullet', 'letter', 'roman']);
    expect(numbers.units).toHaveLength(20);
    expect(numbers.ordinalUnits).toHaveLength(20);
    expect(numbers.last.length).toBeGreaterThan(0);
  });
});
