/**
 * Answer → Telegram HTML: everything escaped, clauses in bold within their sentence, ids cited,
 * the attribution once, and messages over 4,096 characters split between passages.
 */
import { describe, expect, it } from 'vitest';
import { attributionHtml, escapeHtml, inlineArticles, LIMITS, packBlocks, renderAnswer } from '../../../adapters/telegram/render.js';
import { echoingAnswer, hugeAnswer, longCitation } from '../discord/answers.js';
import { attributionsFor } from '../../../src/wording/present.js';
import { parseTelegramHtml } from './fake-telegram.js';
import { planBot } from './harness.js';

const visible = (html: string): string => {
  const parsed = parseTelegramHtml(html);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.text;
};

describe('Telegram rendering', () => {
  it('escapes &, < and > (and quotes) so that no text can open a tag', () => {
    expect(escapeHtml('<script>alert("x")</script> & co')).toBe('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co');
  });

  it('escapes user text the core echoes in a refusal', () => {
    const [html] = renderAnswer(echoingAnswer('<b>bold</b> & <a href="javascript:x">'));
    expect(visible(html!)).toContain('<b>bold</b> & <a href="javascript:x">');
    expect(html).not.toContain('<b>bold');
  });

  it('emphasises the cited clause within its sentence, cites it by id and credits the document once', () => {
    const parts = renderAnswer(planBot().ask('Are NATO troops allowed in Ukraine?'));
    expect(parts).toHaveLength(1);
    const html = parts[0]!;
    expect(html).toContain('<b>prohibits NATO troop deployments in Ukraine</b>');
    expect(html).toContain('<code>plan-article:7.2</code>');
    expect(html.match(/Source: /g)).toHaveLength(1);
    expect(parseTelegramHtml(html).ok).toBe(true);
  });

  it('splits an answer over 4,096 characters between passages, never inside one, each part valid HTML', () => {
    const answer = hugeAnswer(6, 1500);
    const parts = renderAnswer(answer);
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) {
      expect(p.length).toBeLessThanOrEqual(LIMITS.text);
      expect(parseTelegramHtml(p).ok).toBe(true);
    }
    // Every citation's id appears exactly once, in one part, with its whole quote.
    if (answer.kind !== 'answered') throw new Error('fixture');
    for (const c of answer.citations) {
      const holders = parts.filter((p) => p.includes(`<code>${c.id}</code>`));
      expect(holders, c.id).toHaveLength(1);
      expect(visible(holders[0]!)).toContain(c.quote);
    }
    expect(parts[0]!.startsWith(answer.lead)).toBe(true);
    expect(parts.join('').match(/Source: /g)).toHaveLength(1);
  });

  it('cuts a single clause longer than a message, marked with …', () => {
    const citation = longCitation(1, 6000);
    const lead = 'One long passage:';
    const parts = renderAnswer({ kind: 'answered', question: 'q', lead, citations: [citation], attributions: attributionsFor('en', [citation]), text: lead });
    for (const p of parts) expect(p.length).toBeLessThanOrEqual(LIMITS.text);
    expect(parts.join('\n')).toContain('…” — <code>big-doc:1.1</code>');
  });

  it('packs blocks greedily without splitting one', () => {
    expect(packBlocks(['aaaa', 'bbbb', 'cc'], 10, '\n')).toEqual(['aaaa\nbbbb', 'cc']);
  });

  it('links an attribution title only to an http(s) URL', () => {
    const a = { documentId: 'd', title: 'T & <x>', source: 'S', date: '2025', text: 'Source: T & <x>. S, 2025.', titleAt: { start: 8, end: 15 } };
    expect(attributionHtml({ ...a, url: 'https://example.org/a?b=1&c=2' })).toBe('<i>Source: <a href="https://example.org/a?b=1&amp;c=2">T &amp; &lt;x&gt;</a>. S, 2025.</i>');
    expect(attributionHtml({ ...a, url: 'javascript:alert(1)' })).toBe('<i>Source: T &amp; &lt;x&gt;. S, 2025.</i>');
  });

  it('makes one inline result per cited clause, its message the clause in its sentence, its id and the attribution', () => {
    const results = inlineArticles(planBot().ask('NATO'));
    expect(results.map((r) => r.id)).toContain('plan-article:5.1');
    for (const r of results) {
      expect(r.messageText).toContain(`<code>${r.id}</code>`);
      expect(r.messageText).toContain('<i>Source: ');
      expect(r.description.length).toBeLessThanOrEqual(LIMITS.inlineDescription);
      expect(parseTelegramHtml(r.messageText).ok).toBe(true);
    }
    expect(inlineArticles(planBot().ask('Does Russia rejoin the G8?'))).toEqual([]);
  });
});
