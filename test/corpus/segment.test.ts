import { describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/load.js';
import { segmentDocument, splitClauses, splitParagraphs, splitSentences } from '../../src/corpus/segment.js';
import type { CorpusDocument } from '../../src/types.js';

const doc = (text: string, id = 'doc'): CorpusDocument => ({ id, title: 't', source: 's', date: '2025-11-20', language: 'en', text, file: `${id}.txt` });
const sentences = (text: string): string[] => splitSentences(text, { start: 0, end: text.length }).map((s) => text.slice(s.start, s.end));

describe('sentence splitting', () => {
  it('does not break on U.S., E.U., Nov. 20 or St. Petersburg', () => {
    expect(sentences('The U.S. President spoke. Ukraine announced on Nov. 20 that it agreed.')).toEqual([
      'The U.S. President spoke.',
      'Ukraine announced on Nov. 20 that it agreed.',
    ]);
    expect(sentences('It may join the E.U. Commission said so. Strikes on St. Petersburg are barred.')).toHaveLength(2);
    expect(sentences('Strikes on Moscow or St. Petersburg end the guarantees. Talks go on.')).toEqual([
      'Strikes on Moscow or St. Petersburg end the guarantees.',
      'Talks go on.',
    ]);
  });

  it('ends a sentence at an initialism followed by a new sentence', () => {
    expect(sentences('Territory is recognised, including by the U.S. Kherson would be frozen.')).toEqual([
      'Territory is recognised, including by the U.S.',
      'Kherson would be frozen.',
    ]);
  });

  it('keeps closing quotes with their sentence and does not split initials', () => {
    expect(sentences('He said talks would go on “calmly.” J. Smith agreed. Then it ended!')).toEqual([
      'He said talks would go on “calmly.”',
      'J. Smith agreed.',
      'Then it ended!',
    ]);
  });
});

describe('clause splitting', () => {
  const clauses = (text: string): string[] => splitClauses(text, { start: 0, end: text.length }).map((s) => text.slice(s.start, s.end));

  it('splits a series of predicates sharing one subject', () => {
    expect(clauses('The plan limits the army to 600,000 personnel, prohibits NATO troop deployments, and stations jets in Poland.')).toEqual([
      'The plan limits the army to 600,000 personnel',
      'prohibits NATO troop deployments',
      'stations jets in Poland.',
    ]);
  });

  it('splits independent clauses joined by ", and"', () => {
    expect(clauses('Europe would add $100 billion, and the remaining assets would be placed in a fund.')).toEqual([
      'Europe would add $100 billion',
      'the remaining assets would be placed in a fund.',
    ]);
  });

  it('leaves lists of nouns and parenthetical clauses whole', () => {
    const noun = 'A fund would support technology, artificial intelligence, gas infrastructure, and rehabilitation of regions.';
    expect(clauses(noun)).toEqual([noun]);
    const paren = 'The draft, first reported by U.S. media and later circulated widely, affirms sovereignty.';
    expect(clauses(paren)).toEqual([paren]);
  });
});

describe('paragraphs and passages', () => {
  it('treats lines as paragraphs, or blank-line blocks when the text has blank lines', () => {
    expect(splitParagraphs('a\nb\nc')).toHaveLength(3);
    expect(splitParagraphs('a\nstill a\n\nb')).toHaveLength(2);
  });

  it('cuts the default corpus into passages that are exact substrings, one sentence at most, with stable ids', () => {
    const [article] = loadCorpus('corpus');
    const passages = segmentDocument(article!);
    expect(passages.length).toBeGreaterThan(22);
    for (const p of passages) {
      expect(article!.text.slice(p.start, p.end)).toBe(p.text);
      expect(p.id).toMatch(/^plan-article:\d+\.\d+$/);
      expect(sentences(p.text)).toHaveLength(1);
    }
    expect(passages.find((p) => p.id === 'plan-article:7.2')!.text).toBe('prohibits NATO troop deployments in Ukraine');
    expect(new Set(passages.map((p) => p.id)).size).toBe(passages.length);
  });

  it('gives a document the same ids whatever other documents exist', () => {
    const a = segmentDocument(doc('First one. Second one.\nThird one.', 'a'));
    const again = segmentDocument(doc('First one. Second one.\nThird one.', 'a'), 500);
    expect(a.map((p) => p.id)).toEqual(['a:1.1', 'a:1.2', 'a:2.1']);
    expect(again.map((p) => p.id)).toEqual(a.map((p) => p.id));
  });
});
