/**
 * Phrase lists matched word by word. A regular expression with a thousand alternatives, case- and
 * Unicode-aware, costs V8 tens of milliseconds to compile on first use, which a command-line start
 * cannot afford; a trie of words costs next to nothing to build and to walk.
 */

/** A word of a text, folded for matching, with where it stands. */
export interface Word {
  /** Lower-cased, apostrophes removed ("I'm" → "im"). */
  w: string;
  start: number;
  end: number;
}

// Words, with inner apostrophes and the slash or semicolon of chat shorthand ("w/o", "tl;dr").
const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}\p{N}]+)*(?:[/;][\p{L}\p{N}]*)*/gu;

/** Folds a word for matching. */
export const foldChat = (w: string): string => w.toLowerCase().replace(/['’]/g, '');

/** The words of a text. */
export function wordsOf(text: string): Word[] {
  return [...text.matchAll(WORD)].map((m) => ({ w: foldChat(m[0]), start: m.index, end: m.index + m[0].length }));
}

interface Node<T> {
  next: Map<string, Node<T>>;
  /** `*` in a phrase: any one word. */
  any?: Node<T>;
  value?: T;
}

const node = <T>(): Node<T> => ({ next: new Map() });

/** Only spaces and commas may stand between the words of one phrase. */
const INSIDE = /^[\s,]+$/;

/**
 * A set of phrases, each with a value (the list it came from), matched at a word of a text either
 * forwards (the phrase starts there) or backwards (it ends there).
 */
export class PhraseSet<T> {
  private readonly forward = node<T>();
  private readonly backward = node<T>();

  /** Adds phrases; a phrase already present keeps its first value. */
  add(phrases: Iterable<string>, value: T): this {
    for (const p of phrases) {
      const words = p.trim().split(/\s+/).map(foldChat);
      if (words.length === 0 || words[0] === '') continue;
      this.insert(this.forward, words, value);
      this.insert(this.backward, [...words].reverse(), value);
    }
    return this;
  }

  private insert(root: Node<T>, words: string[], value: T): void {
    let n = root;
    for (const w of words) {
      if (w === '*') n = n.any ??= node<T>();
      else {
        let child = n.next.get(w);
        if (!child) n.next.set(w, (child = node<T>()));
        n = child;
      }
    }
    n.value ??= value;
  }

  /** The longest phrase starting at word `i`: how many words it spans and its value. */
  startingAt(text: string, words: Word[], i: number): { length: number; value: T } | undefined {
    return this.walk(this.forward, text, words, i, 1);
  }

  /** The longest phrase ending at word `i`. */
  endingAt(text: string, words: Word[], i: number): { length: number; value: T } | undefined {
    return this.walk(this.backward, text, words, i, -1);
  }

  private walk(root: Node<T>, text: string, words: Word[], i: number, step: 1 | -1): { length: number; value: T } | undefined {
    let best: { length: number; value: T } | undefined;
    const go = (n: Node<T>, k: number, length: number): void => {
      if (n.value !== undefined && (!best || length > best.length)) best = { length, value: n.value };
      const word = words[k];
      if (!word) return;
      if (length > 0) {
        const prev = words[k - step]!;
        const gap = step === 1 ? text.slice(prev.end, word.start) : text.slice(word.end, prev.start);
        if (!INSIDE.test(gap)) return;
      }
      const child = n.next.get(word.w);
      if (child) go(child, k + step, length + 1);
      if (n.any) go(n.any, k + step, length + 1);
    };
    go(root, i, 0);
    return best;
  }
}
