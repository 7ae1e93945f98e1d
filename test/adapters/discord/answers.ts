/** Hand-built answers for rendering tests: shapes the bundled corpus never produces. */
import { attributionsFor } from '../../../src/wording/present.js';
import type { Answer, Citation } from '../../../src/types.js';

/** A citation with a quote of exactly `length` characters, its every 50th word highlighted. */
export function longCitation(n: number, length: number, overrides: Partial<Citation> = {}): Citation {
  const words = Array.from({ length: Math.ceil(length / 10) + 1 }, (_, i) => (i % 7 === 3 ? 'NATO*troop' : `clause${n}w${i}`.slice(0, 9)));
  const quote = words.join(' ').slice(0, length);
  const highlights = [];
  for (let at = quote.indexOf('NATO'); at !== -1 && highlights.length < 40; at = quote.indexOf('NATO', at + 200)) highlights.push({ start: at, end: at + 4 });
  return {
    id: `big-doc:${n}.1`,
    quote,
    documentId: 'big-doc',
    documentTitle: 'A very long hand-built document',
    source: 'Test fixture, not a real source',
    date: '2025-11-20',
    score: 1 - n / 100,
    highlights,
    sentence: quote,
    offsets: { start: 0, end: quote.length },
    ...overrides,
  };
}

/** An 'answered' answer with `count` citations of `length`-character quotes: far over Discord's limits. */
export function hugeAnswer(count = 12, length = 3000): Answer {
  const citations = Array.from({ length: count }, (_, i) => longCitation(i + 1, length));
  const lead = `${count} passages address NATO:`;
  return { kind: 'answered', question: 'huge', lead, citations, attributions: attributionsFor('en', citations), text: `${lead}\n(text omitted in this fixture)` };
}

/** A 'not-covered' answer whose wording echoes hostile user text, as the core may. */
export function echoingAnswer(echo: string): Answer {
  const lead = `The corpus does not mention "${echo}", so it cannot answer that.`;
  return { kind: 'not-covered', question: echo, lead, suggestions: ['NATO'], subject: [echo], searched: ['the AP summary of the draft (Nov 20)'], text: `${lead}\nIt does cover: NATO.` };
}
