import { describe, expect, it } from 'vitest';
import { PlanBot } from '../../src/dialogue/bot.js';
import { parseIntent } from '../../src/retrieval/intent.js';
import { contextLine, readNumber } from '../../src/retrieval/points.js';
import type { Answer } from '../../src/types.js';
import { numberedBot } from '../helpers/numbered.js';

const draft = numberedBot(false);
const both = numberedBot();

const ids = (a: Answer): string[] => (a.kind === 'answered' ? a.citations.map((c) => c.id) : []);
const quotes = (a: Answer): string[] => (a.kind === 'answered' ? a.citations.map((c) => c.quote) : []);

describe('point requests', () => {
  it.each(['point 10', 'show me point 10', 'what does point 10 say?', 'clause 10', 'clause plan-points:10', "what's in point 10", 'Point 10 of the plan', 'read me item 10 pls', 'point ten', 'the tenth point', '10th point'])(
    '"%s" shows point 10 whole, as one verbatim quote with every item',
    (q) => {
      const a = draft.ask(q);
      expect(a.kind).toBe('answered');
      expect(ids(a)).toEqual(['plan-points:10']);
      const quote = quotes(a)[0]!;
      expect(quote.startsWith('The American guarantee comes with conditions:')).toBe(true);
      expect(quote).toContain('- a Ukrainian invasion of Russia cancels it;');
      expect(quote.endsWith('without cause voids it.')).toBe(true);
      expect(draft.index.documents.get('plan-points')!.text).toContain(quote);
      expect(a.lead).toBe('Point 10 of plan-points (draft 1):');
    },
  );

  it('says how many points the plan has for a point it lacks, without quoting', () => {
    for (const q of ['point 29', 'what does point 31 say']) {
      const a = draft.ask(q);
      expect(a.kind).toBe('not-covered');
      expect(a.lead).toContain('has 28 points');
      expect(a.lead).toContain(`no point ${q.match(/\d+/)![0]}`);
    }
  });

  it('shows one sub-item or passage of a point, with its lead-in as context', () => {
    const a = draft.ask('point 12(b)');
    expect(ids(a)).toEqual(['plan-points:12.3']);
    expect(a.kind === 'answered' && contextLine(a.citations[0]!)).toBe('Point 12(b) · A global package rebuilds Ukraine:');
    expect(ids(draft.ask('clause 10.3'))).toEqual(['plan-points:10.3']);
    expect(draft.ask('point 12(z)').kind).toBe('not-covered');
  });

  it('reads "the last point" as the last point of the newest version', () => {
    expect(ids(both.ask('the last point'))).toEqual(['plan-points-v2:24']);
  });

  it('with versions, shows the newest version first and names the others', () => {
    const a = both.ask('point 10');
    expect(ids(a)).toEqual(['plan-points-v2:10']);
    expect(a.lead).toContain('plan-points-v2 (revision 2)');
    expect(a.lead).toContain('plan-points (draft 1) ("clause plan-points:10")');
    const older = both.ask('point 27');
    expect(ids(older)).toEqual(['plan-points:27']);
    expect(older.lead).toMatch(/^plan-points-v2 \(revision 2\) has no point 27\./);
  });

  it('leaves the article alone: clause plan-article:7 is still its paragraph', () => {
    expect(ids(both.ask('clause plan-article:7'))).toEqual(['plan-article:7.1', 'plan-article:7.2', 'plan-article:7.3']);
    expect(ids(PlanBot.load().ask('point 7'))).toEqual(['plan-article:7.1', 'plan-article:7.2', 'plan-article:7.3']);
  });

  it('lists points for autocomplete as "10: title", matching numbers and words', () => {
    expect(draft.pointChoices('10')[0]).toEqual({ name: '10: The American guarantee comes with conditions', value: 'plan-points:10' });
    expect(draft.pointChoices('guarantee').map((c) => c.value)).toContain('plan-points:10');
    expect(draft.pointChoices('')).toHaveLength(25);
    expect(both.pointChoices('8')[0]).toEqual({ name: 'plan-points-v2 8: The American guarantee comes with conditions', value: 'plan-points-v2:8' });
  });
});

describe('parsing point and compare requests', () => {
  it('recognises point references in many phrasings and leaves questions alone', () => {
    expect(parseIntent('show me point 14')).toMatchObject({ kind: 'clause', point: { number: 14 } });
    expect(parseIntent('clause plan-points:21')).toMatchObject({ kind: 'clause', point: { documentId: 'plan-points', number: 21 } });
    expect(parseIntent('point 10(a)')).toMatchObject({ point: { number: 10, item: 'a' } });
    expect(parseIntent('пункт 5')).toMatchObject({ point: { number: 5 } });
    expect(parseIntent('What does the plan say about the point of contact?')).toEqual({ kind: 'question' });
    expect(parseIntent('How many points does the plan have?')).toEqual({ kind: 'question' });
  });

  it('recognises compare requests', () => {
    expect(parseIntent('compare army')).toEqual({ kind: 'compare', topic: 'army' });
    expect(parseIntent('what changed about the army cap?')).toEqual({ kind: 'compare', topic: 'the army cap' });
    expect(parseIntent('how did the elections change between versions')).toEqual({ kind: 'compare', topic: 'the elections' });
  });

  it('reads number words', () => {
    expect([readNumber('ten'), readNumber('twenty-eight'), readNumber('twenty-eighth'), readNumber('3rd'), readNumber('last'), readNumber('lots')]).toEqual([10, 28, 28, 3, -1, undefined]);
  });
});

describe('sub-item quotes', () => {
  it('quote a sub-item verbatim with its point and lead-in as context, and rank it by its lead-in too', () => {
    const a = draft.ask('What cancels the American guarantee?');
    expect(a.kind).toBe('answered');
    const sub = a.kind === 'answered' ? a.citations.find((c) => c.quote === 'a Ukrainian invasion of Russia cancels it;') : undefined;
    expect(sub).toBeDefined();
    expect(sub!.context).toMatchObject({ point: '10', leadIn: 'The American guarantee comes with conditions:' });
    expect(sub!.version).toBe('draft 1');
    expect(contextLine(sub!)).toBe('Point 10 · The American guarantee comes with conditions:');
  });

  it('quotes the plan text before the news summary when both answer', () => {
    const a = draft.ask('How big can Ukraine’s army be?');
    expect(ids(a)[0]).toBe('plan-points:6.1');
  });
});
