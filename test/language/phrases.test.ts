import { describe, expect, it } from 'vitest';
import { PhraseSet, wordsOf } from '../../src/language/phrases.js';

describe('phrase sets', () => {
  const set = new PhraseSet<string>().add(['thanks', 'thanks a lot', "i'm curious", 'asking for a *'], 'x').add(['thanks'], 'y');

  it('finds the longest phrase starting or ending at a word, apostrophes and case folded', () => {
    const text = "Thanks a lot, I’m curious";
    const words = wordsOf(text);
    expect(set.startingAt(text, words, 0)).toEqual({ length: 3, value: 'x' });
    expect(set.endingAt(text, words, words.length - 1)).toEqual({ length: 2, value: 'x' });
  });

  it('matches "*" as any one word, and only spaces or commas inside a phrase', () => {
    const text = 'is it real? asking for a friend';
    const words = wordsOf(text);
    expect(set.endingAt(text, words, words.length - 1)?.length).toBe(4);
    const broken = 'thanks. a lot';
    expect(set.startingAt(broken, wordsOf(broken), 0)).toEqual({ length: 1, value: 'x' });
  });

  it('keeps the first value a phrase was added with', () => {
    const words = wordsOf('thanks');
    expect(set.startingAt('thanks', words, 0)?.value).toBe('x');
  });
});
