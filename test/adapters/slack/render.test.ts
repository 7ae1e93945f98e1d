/**
 * The renderer on its own: layout, escaping and Slack's limits, on real answers and on hand-made
 * answers far bigger than the core gives today.
 */
import type { types } from '@slack/bolt';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { blocksTextLength, SLACK_LIMITS } from '../../../adapters/slack/limits.js';
import { clipText, escapeText, quoteMrkdwn, sentenceMrkdwn } from '../../../adapters/slack/mrkdwn.js';
import { renderAnswer, SHARE_ACTION_ID } from '../../../adapters/slack/render.js';
import { attributionsFor, sentenceGroups } from '../../../src/wording/present.js';
import type { Answer, Citation } from '../../../src/types.js';
import { allStrings, testBot } from './harness.js';

function citation(id: string, quote: string, highlights: Citation['highlights'] = []): Citation {
  return { id, quote, documentId: 'doc', documentTitle: 'A document', source: 'A source', date: '2025-11-20', score: 1, highlights, sentence: quote, offsets: { start: 0, end: quote.length } };
}

function answered(citations: Citation[], lead = `${citations.length} passages address it:`): Answer {
  const attributions = attributionsFor('en', citations);
  return { kind: 'answered', question: 'q', lead, citations, attributions, text: [lead, ...citations.map((c) => `[${c.id}] "${c.quote}"`)].join('\n') };
}

/** The texts Slack counts against the section limit. */
function sectionTexts(blocks: types.KnownBlock[]): string[] {
  return blocks.flatMap((b) => (b.type === 'section' && b.text ? [b.text.text] : []));
}

function contextTexts(blocks: types.KnownBlock[]): string[] {
  return blocks.flatMap((b) => (b.type === 'context' ? b.elements.flatMap((e) => ('text' in e && typeof e.text === 'string' ? [e.text] : [])) : []));
}

function expectWithinLimits(blocks: types.KnownBlock[]): void {
  expect(blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
  expect(blocksTextLength(blocks)).toBeLessThanOrEqual(12_000);
  for (const t of [...sectionTexts(blocks), ...contextTexts(blocks)]) {
    expect(t.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
    expect(t.trim()).not.toBe('');
  }
}

describe('renderAnswer on real answers', () => {
  it('lays out the lead, each quote in its sentence with its id, and the source once at the end', () => {
    const answer = testBot().ask('What does it say about NATO?');
    if (answer.kind !== 'answered') throw new Error('expected an answer');
    const { blocks, text } = renderAnswer(answer);
    expect(sectionTexts(blocks)[0]).toBe(answer.lead);
    const first = answer.citations[0]!;
    expect(sectionTexts(blocks)[1]).toBe('>It requires Kyiv to constitutionally commit to not joining *NATO*, with *NATO* formally pledging the same.');
    expect(sectionTexts(blocks)[2]).toBe(
      '>The plan limits Ukraine’s military to 600,000 personnel, *prohibits NATO troop deployments in Ukraine*, and stations European fighter jets in Poland.',
    );
    expect(contextTexts(blocks)[0]).toBe(`\`${first.id}\``);
    expect(contextTexts(blocks).at(-1)).toBe(`Source: ${first.documentTitle}, ${first.date}.`);
    expect(JSON.stringify(blocks).match(/news summary\)/g)).toHaveLength(1);
    expect(blocks).toHaveLength(1 + 2 * answer.citations.length + 1);
    expect(text).toBe(answer.text);
  });

  it('links the credited title to the document\'s URL', () => {
    const c = { ...citation('doc:1.1', 'A quote.'), url: 'https://apnews.com/x?a=1&b=2' };
    const { blocks } = renderAnswer(answered([c]));
    expect(contextTexts(blocks).at(-1)).toBe('Source: <https://apnews.com/x?a=1&amp;b=2|A document>, 2025-11-20.');
  });

  it('shows clauses of one over-long sentence once, with their ids, cut to fit around them', () => {
    const parts = ['first cited clause here', 'second cited clause there'];
    const sentence = parts.map((p) => `${'filler words in between, '.repeat(80)}${p}`).join(', ');
    const citations = parts.map((p, i) => ({ ...citation(`doc:1.${i + 1}`, p), sentence, offsets: { start: sentence.indexOf(p), end: sentence.indexOf(p) + p.length } }));
    const { blocks } = renderAnswer(answered(citations));
    expectWithinLimits(blocks);
    expect(sectionTexts(blocks)).toHaveLength(2);
    for (const p of parts) expect(sectionTexts(blocks)[1]).toContain(`*${p}*`);
    expect(contextTexts(blocks)[0]).toBe('`doc:1.1` · `doc:1.2`');
  });

  it('cuts a long sentence around its clause, never through it', () => {
    const clause = 'prohibits NATO troop deployments in Ukraine';
    const sentence = `${'The plan says many things, '.repeat(40)}${clause}, ${'and then more things besides, '.repeat(40)}end.`;
    const at = sentence.indexOf(clause);
    const c = { ...citation('doc:1.1', clause), sentence, offsets: { start: at, end: at + clause.length } };
    const out = sentenceMrkdwn(sentenceGroups([c])[0]!, 300);
    expect(out.length).toBeLessThanOrEqual(300);
    expect(out).toContain(`*${clause}*`);
    expect(out).toMatch(/^>…/);
    expect(out).toMatch(/…$/);
  });

  it('says a question is not covered and lists the topics, in the core\'s words', () => {
    const answer = testBot().ask('What about bananas?');
    expect(answer.kind).toBe('not-covered');
    const sections = sectionTexts(renderAnswer(answer).blocks);
    expect(sections[0]).toBe(answer.lead);
    expect(sections[1]).toContain('It does cover: NATO');
    expect(sections[1]).toContain('clause &lt;id&gt;');
  });

  it('adds a "Share in channel" button carrying the question only when asked to', () => {
    const answer = testBot().ask('clause 7.2');
    const shared = renderAnswer(answer, { share: true }).blocks.at(-1);
    expect(shared).toMatchObject({ type: 'actions', elements: [{ type: 'button', action_id: SHARE_ACTION_ID, value: 'clause 7.2' }] });
    expect(renderAnswer(answer).blocks.some((b) => b.type === 'actions')).toBe(false);
    expect(renderAnswer(testBot().ask('!!!'), { share: true }).blocks.some((b) => b.type === 'actions')).toBe(false);
  });

  it('renders small talk as its text, with nothing to share', () => {
    const answer = testBot().ask('thanks!');
    expect(answer.kind).toBe('smalltalk');
    const message = renderAnswer(answer, { share: true });
    expect(message.text).toBe(answer.text);
    expect(message.blocks.some((b) => b.type === 'actions')).toBe(false);
  });

  it('shows the question, escaped, above a public answer', () => {
    const answer = { ...testBot().ask('clause 7.2'), question: 'clause 7.2 <!here>' };
    expect(contextTexts(renderAnswer(answer, { showQuestion: true }).blocks)[0]).toBe('/plan clause 7.2 &lt;!here&gt;');
  });
});

describe('sub-items of a numbered document', () => {
  it('shows the point and lead-in above a sub-item quote, the version beside its id, and the document credited with its version', () => {
    const sub = { ...citation('plan-points:10.3', 'a Ukrainian invasion of Russia cancels it;'), version: 'draft 1', context: { point: '10', leadIn: 'The American guarantee comes with <conditions>:' } };
    const { blocks } = renderAnswer(answered([sub]));
    const types = blocks.map((b) => b.type);
    expect(types).toEqual(['section', 'context', 'section', 'context', 'context']);
    expect(contextTexts(blocks)[0]).toBe('Point 10 · The American guarantee comes with &lt;conditions&gt;:');
    expect(contextTexts(blocks)[1]).toBe('`plan-points:10.3` · draft 1');
    expect(contextTexts(blocks)[2]).toBe('Source: A document (draft 1), 2025-11-20.');
  });
});

describe('escaping', () => {
  it('escapes &, < and > and neutralises @here, @channel and @everyone', () => {
    expect(escapeText('a & b <!channel> <@U123> <https://x|y> @here @Channel @everyone @heretic')).toBe(
      'a &amp; b &lt;!channel&gt; &lt;@U123&gt; &lt;https://x|y&gt; @\u2060here @\u2060Channel @\u2060everyone @heretic',
    );
  });

  it('escapes everything echoed from an answer: lead, quote, title, source and fallback text', () => {
    const evil = '<!channel> & <@U1> @here';
    const c: Citation = { ...citation('doc:1.1', `quote ${evil}`, [{ start: 0, end: 5 }]), documentTitle: `title ${evil}`, source: `source ${evil}` };
    const message = renderAnswer(answered([c], `lead ${evil}`));
    for (const s of allStrings(message)) {
      expect(s).not.toMatch(/<!|<@|@here/);
      expect(s).not.toMatch(/&(?!amp;|lt;|gt;)/);
    }
    expect(message.text).toContain('&lt;!channel&gt; &amp; &lt;@U1&gt; @\u2060here');
  });

  it('sends every mrkdwn text object verbatim, so Slack does not parse names in it', () => {
    const { blocks } = renderAnswer(testBot().ask('What does it say about NATO?'));
    const objects = JSON.stringify(blocks).match(/"type":"mrkdwn"[^}]*}/g) ?? [];
    expect(objects.length).toBeGreaterThan(0);
    for (const o of objects) expect(o).toContain('"verbatim":true');
  });
});

describe('bold highlights', () => {
  it('bolds whole-word spans and leaves mid-word spans plain rather than showing stray asterisks', () => {
    expect(quoteMrkdwn('NATO troops', [{ start: 0, end: 4 }])).toBe('>*NATO* troops');
    expect(quoteMrkdwn('demilitarized zone', [{ start: 2, end: 8 }])).toBe('>demilitarized zone');
  });

  it('ignores overlapping or out-of-range spans instead of failing', () => {
    expect(quoteMrkdwn('a b c', [{ start: 2, end: 3 }, { start: 0, end: 3 }, { start: 4, end: 99 }])).toBe('>a *b* c');
  });

  it('keeps a multi-line quote inside the blockquote', () => {
    expect(quoteMrkdwn('one\ntwo', [])).toBe('>one\n>two');
  });
});

describe("Slack's limits", () => {
  const longQuote = (i: number): string => `Clause ${i}: ${'the parties agree to the terms & conditions set out below '.repeat(50)}`.slice(0, 2900);
  const many = Array.from({ length: 40 }, (_, i) => citation(`doc:${i + 1}.1`, longQuote(i), [{ start: 0, end: 6 }]));

  it('truncates an answer with many long citations to the limits, listing the ids left out', () => {
    const { blocks } = renderAnswer(answered(many), { share: true });
    expectWithinLimits(blocks);
    const kept = contextTexts(blocks).filter((t) => t.startsWith('`doc:')).map((t) => t.slice(1, t.indexOf('`', 1)));
    expect(kept.length).toBeGreaterThan(0);
    expect(kept).toEqual(many.slice(0, kept.length).map((c) => c.id));
    const note = contextTexts(blocks).find((t) => t.startsWith('…and'));
    const left = many.slice(kept.length).map((c) => c.id);
    expect(note).toBe(`…and ${left.length} more: ${left.join(', ')}`);
    expect(blocks.at(-1)?.type).toBe('actions');
  });

  it('truncates the same way every time', () => {
    expect(renderAnswer(answered(many))).toEqual(renderAnswer(answered(many)));
  });

  it('clips a single quote longer than a section with a visible "…"', () => {
    const quote = '&'.repeat(5000);
    const { blocks } = renderAnswer(answered([citation('doc:1.1', quote)]));
    expectWithinLimits(blocks);
    const section = sectionTexts(blocks)[1]!;
    expect(section.endsWith('…')).toBe(true);
    expect(section.slice(1, -1)).toMatch(/^(&amp;)+$/);
  });

  it('stays within the block count with more citations than blocks', () => {
    const tiny = Array.from({ length: 200 }, (_, i) => citation(`doc:${i}.1`, `short ${i}`));
    const { blocks } = renderAnswer(answered(tiny));
    expectWithinLimits(blocks);
    expect(contextTexts(blocks).at(-2)).toMatch(/^…and \d+ more: doc:\d+\.1, /);
    expect(contextTexts(blocks).at(-1)).toBe('Source: A document, 2025-11-20.');
  });

  it('clips the plain-text fallback', () => {
    const { text } = renderAnswer(answered(many));
    expect(text.length).toBeLessThanOrEqual(SLACK_LIMITS.fallbackText);
    expect(text.endsWith('…')).toBe(true);
  });

  it('never cuts an entity or a surrogate pair', () => {
    expect(clipText('a<b', 4)).toBe('a…');
    expect(clipText('😀😀😀', 4)).toBe('😀…');
  });

  it('holds for any answer (property)', () => {
    const span = fc.record({ start: fc.nat(400), end: fc.nat(400) });
    const cit = fc.record({
      id: fc.string({ minLength: 1, maxLength: 30 }),
      quote: fc.string({ maxLength: 4000, unit: 'grapheme' }),
      highlights: fc.array(span, { maxLength: 5 }),
      documentTitle: fc.string({ maxLength: 200 }),
      source: fc.string({ maxLength: 300 }),
    });
    fc.assert(
      fc.property(fc.array(cit, { maxLength: 60 }), fc.string({ minLength: 1, maxLength: 500 }), fc.boolean(), (cs, lead, share) => {
        const citations = cs.map((c) => ({ ...citation(c.id, c.quote, c.highlights), documentTitle: c.documentTitle, source: c.source }));
        const message = renderAnswer(answered(citations, `x${lead}`), { share });
        expect(message.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
        expect(blocksTextLength(message.blocks)).toBeLessThanOrEqual(SLACK_LIMITS.messageText);
        for (const t of [...sectionTexts(message.blocks), ...contextTexts(message.blocks)]) expect(t.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
        // Only the renderer's own blockquote markers may remain: no `<`, no `>` elsewhere, no bare `&`.
        for (const s of allStrings(message, ['value'])) expect(s.replace(/^>/gm, '')).not.toMatch(/[<>]|&(?!amp;|lt;|gt;)/);
      }),
      { numRuns: 150 },
    );
  });
});
