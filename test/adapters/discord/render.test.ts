import fc from 'fast-check';
import { MessageFlags, type APIEmbed } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../../adapters/discord/limits.js';
import { clip, escapeText, fitLines, renderQuote, renderSentence } from '../../../adapters/discord/markdown.js';
import { apology, omittedMarker, renderAnswer, shareBudget, threadName, toPayload, type RenderedMessage } from '../../../adapters/discord/render.js';
import { PlanBot } from '../../../src/dialogue/bot.js';
import { attributionsFor, sentenceGroups } from '../../../src/wording/present.js';
import type { Answer, Citation, Span } from '../../../src/types.js';
import { echoingAnswer, hugeAnswer, longCitation } from './answers.js';
import { messageLimitErrors } from './fake-discord.js';

const core = PlanBot.load();

/** Discord's limits, checked by the same function the fake Discord uses to reject a message. */
function limitErrors(message: RenderedMessage): string[] {
  return messageLimitErrors(JSON.parse(JSON.stringify({ content: message.content, embeds: message.embeds })) as Parameters<typeof messageLimitErrors>[0]);
}

/** What a rendered quote reads as once Discord has applied the markdown: `> `, bold markers and escapes gone. */
function readable(description: string): string {
  const body = description.replace(/^> /, '').replace(/…$/, '');
  let out = '';
  for (let i = 0; i < body.length; i++) {
    if (body[i] === '\\' && i + 1 < body.length) out += body[++i];
    else if (body.startsWith('**', i)) i++;
    else out += body[i];
  }
  return out.replace(/(@|<@[!&]?|<#)\u200B/g, '$1');
}

const embedsOf = (m: RenderedMessage): APIEmbed[] => m.embeds;

describe('rendering an answer with citations', () => {
  it('puts the lead in the content, each quote in its sentence in an embed titled by its id, and the source once at the end', () => {
    const answer = core.ask('What does the plan say about NATO?');
    expect(answer.kind).toBe('answered');
    if (answer.kind !== 'answered') return;
    const message = renderAnswer(answer);
    expect(message.content).toBe(answer.lead);
    expect(embedsOf(message).map((e) => e.title)).toEqual([...answer.citations.map((c) => c.id), undefined]);
    for (const [i, c] of answer.citations.entries()) {
      const embed = message.embeds[i]!;
      expect(embed.description!.startsWith('> ')).toBe(true);
      expect(readable(embed.description!)).toBe(c.sentence);
      expect(embed.footer).toBeUndefined();
    }
    expect(message.embeds[1]!.description).toBe(
      '> The plan limits Ukraine’s military to 600,000 personnel, **prohibits NATO troop deployments in Ukraine**, and stations European fighter jets in Poland.',
    );
    const credit = message.embeds[3]!.description!;
    expect(credit).toContain(answer.citations[0]!.documentTitle);
    expect(JSON.stringify(message).match(/news summary\)/g)).toHaveLength(1);
  });

  it('shows clauses of one over-long sentence in one embed titled with their ids, cut to fit around them', () => {
    const parts = ['first cited clause here', 'second cited clause there', 'third cited clause everywhere'];
    const sentence = parts.map((p) => `${'filler words in between, '.repeat(80)}${p}`).join(', ');
    const citations = parts.map((p, i) => longCitation(i + 1, 10, { quote: p, highlights: [], sentence, offsets: { start: sentence.indexOf(p), end: sentence.indexOf(p) + p.length } }));
    const answer: Answer = { kind: 'answered', question: 'q', lead: 'l', citations: [citations[2]!, citations[0]!, citations[1]!], attributions: attributionsFor('en', citations), text: '' };
    const message = renderAnswer(answer);
    expect(limitErrors(message)).toEqual([]);
    expect(message.embeds[0]!.title).toBe('big-doc:1.1 · big-doc:2.1 · big-doc:3.1');
    for (const p of parts) expect(message.embeds[0]!.description).toContain(`**${p}**`);
    expect(message.embeds).toHaveLength(2);
  });

  it('cuts a long sentence around its clause, never through it', () => {
    const clause = 'prohibits NATO troop deployments in Ukraine';
    const sentence = `${'The plan says many things, '.repeat(40)}${clause}, ${'and then more things besides, '.repeat(40)}end.`;
    const c = longCitation(1, 10, { quote: clause, highlights: [], sentence, offsets: { start: sentence.indexOf(clause), end: sentence.indexOf(clause) + clause.length } });
    const out = renderSentence(sentenceGroups([c])[0]!, 300);
    expect(out.length).toBeLessThanOrEqual(300);
    expect(out).toContain(`**${clause}**`);
    expect(out).toMatch(/^> …/);
    expect(out).toMatch(/…$/);
  });

  it('bolds exactly the highlighted spans of a quote', () => {
    const quote = 'It requires Kyiv to not join NATO, with NATO pledging the same.';
    const first = quote.indexOf('NATO');
    const second = quote.indexOf('NATO', first + 1);
    const citation = { quote, highlights: [{ start: first, end: first + 4 }, { start: second, end: second + 4 }] };
    expect(renderQuote(citation, 4096)).toBe('> It requires Kyiv to not join **NATO**, with **NATO** pledging the same.');
  });

  it('escapes markdown inside quotes so that corpus text shows literally', () => {
    const citation = { quote: '1. Use *stars*, __under__, `code` and ||spoilers|| ~~here~~', highlights: [] as Span[] };
    const rendered = renderQuote(citation, 4096);
    expect(rendered).not.toContain('*stars*');
    expect(rendered).not.toContain('`code`');
    expect(readable(rendered)).toBe(citation.quote);
  });

  it('cuts an answer far over the limits to 10 embeds, 4,096 per description and 6,000 in all, and lists the ids left out', () => {
    const answer = hugeAnswer(12, 3000);
    const message = renderAnswer(answer);
    expect(limitErrors(message)).toEqual([]);
    expect(message.embeds).toHaveLength(10);
    const total = message.embeds.reduce((n, e) => n + (e.title?.length ?? 0) + e.description!.length, 0);
    expect(total).toBeLessThanOrEqual(LIMITS.embedsTotal);
    expect(message.content).toBe(`12 passages address NATO:\n…and 3 more: big-doc:10.1, big-doc:11.1, big-doc:12.1`);
    for (const [i, embed] of message.embeds.slice(0, -1).entries()) {
      expect(embed.description!.endsWith('…')).toBe(true);
      expect(answer.kind === 'answered' && answer.citations[i]!.quote.startsWith(readable(embed.description!))).toBe(true);
    }
  });

  it('renders the same over-long answer identically every time', () => {
    expect(renderAnswer(hugeAnswer(15, 5000))).toEqual(renderAnswer(hugeAnswer(15, 5000)));
  });

  it('gives one long quote the whole 4,096-character description', () => {
    const answer = hugeAnswer(1, 10_000);
    const message = renderAnswer(answer);
    expect(message.embeds).toHaveLength(2);
    expect(message.embeds[0]!.description!.length).toBeLessThanOrEqual(LIMITS.embedDescription);
    expect(message.embeds[0]!.description!.length).toBeGreaterThan(LIMITS.embedDescription - 40);
  });

  it('credits a document once however many of its passages are quoted, and clips an over-long credit to fit', () => {
    const source = 'S'.repeat(1900);
    const citations = Array.from({ length: 5 }, (_, i) => longCitation(i + 1, 500, { documentTitle: source }));
    const answer: Answer = { kind: 'answered', question: 'q', lead: '5 passages:', citations, attributions: attributionsFor('en', citations), text: '' };
    const message = renderAnswer(answer);
    expect(limitErrors(message)).toEqual([]);
    expect(message.embeds).toHaveLength(6);
    expect(message.embeds.filter((e) => e.description!.includes('SSSS'))).toHaveLength(1);
    expect(message.content).toBe('5 passages:');
  });

  it('links the credited title only to an http(s) URL, which Discord would otherwise reject', () => {
    const base = longCitation(1, 50);
    const answer = (url: string): Answer => {
      const citations = [{ ...base, url }];
      return { kind: 'answered', question: 'q', lead: 'l', citations, attributions: attributionsFor('en', citations), text: '' };
    };
    const credit = (url: string): string => renderAnswer(answer(url)).embeds.at(-1)!.description!;
    expect(credit('https://apnews.com/x')).toContain('[A very long hand-built document](https://apnews.com/x)');
    expect(credit('javascript:alert(1)')).not.toContain('](');
    expect(credit('not a url')).not.toContain('](');
  });
});

describe('sub-items of a numbered document', () => {
  it('titles a sub-item quote with its version, point and lead-in, and names the version in the credit', () => {
    const sub: Citation = {
      id: 'plan-points:10.3',
      quote: 'a Ukrainian invasion of Russia cancels it;',
      documentId: 'plan-points',
      documentTitle: 'Framework',
      source: 'Test',
      date: '2025-11-20',
      score: 1,
      highlights: [],
      version: 'draft 1',
      context: { point: '10', leadIn: 'The American guarantee comes with conditions:' },
      sentence: 'a Ukrainian invasion of Russia cancels it;',
      offsets: { start: 0, end: 42 },
    };
    const answer: Answer = { kind: 'answered', question: 'q', lead: 'One passage:', citations: [sub], attributions: attributionsFor('en', [sub]), text: 'One passage:' };
    const [embed, credit] = renderAnswer(answer).embeds;
    expect(embed!.title).toBe('plan-points:10.3 · draft 1 · Point 10 · The American guarantee comes with conditions:');
    expect(embed!.description).toBe('> a Ukrainian invasion of Russia cancels it;');
    expect(credit!.description).toBe('Source: Framework (draft 1), 2025-11-20.');
  });
});

describe('rendering the other kinds of answer', () => {
  it('puts the topics under the lead in one embed, in the core\'s words', () => {
    const answer = core.ask('topics');
    const message = renderAnswer(answer);
    expect(message.content).toBe(answer.lead);
    expect(message.embeds).toHaveLength(1);
    expect(message.embeds[0]!.description).toBe(answer.text.slice(answer.lead.length).trim());
  });

  it('sends help, not-covered and small-talk answers as plain markdown content, in the core\'s words', () => {
    for (const question of ['help', 'what about bananas', 'thanks!']) {
      const answer = core.ask(question);
      const message = renderAnswer(answer);
      expect(message.embeds).toEqual([]);
      expect(readable(message.content)).toBe(answer.text);
    }
  });

  it('keeps whole lines of a long list and says how many were left out', () => {
    const text = Array.from({ length: 300 }, (_, i) => `- topic number ${i}`).join('\n');
    const answer: Answer = { kind: 'topics', question: 'topics', lead: 'The corpus covers 300 topics:', topics: [], text: `The corpus covers 300 topics:\n${text}` };
    const description = renderAnswer(answer).embeds[0]!.description!;
    expect(description.length).toBeLessThanOrEqual(LIMITS.embedDescription);
    const kept = description.split('\n').slice(0, -1);
    expect(kept.every((line, i) => line === `- topic number ${i}`)).toBe(true);
    expect(description.split('\n').at(-1)).toBe(`…and ${300 - kept.length} more`);
  });
});

describe('escaping echoed user text', () => {
  it('escapes markdown and breaks @everyone, @here, user, role and channel mentions', () => {
    const message = renderAnswer(echoingAnswer('**bold** @everyone @here <@123> <@!456> <@&789> <#42> [click](https://evil.example)'));
    expect(message.content).toContain('\\*\\*bold\\*\\*');
    expect(message.content).not.toMatch(/@everyone|@here|<@!?\d+>|<@&\d+>|<#\d+>/);
    expect(message.content).not.toMatch(/(?<!\\)\[click\]\(/);
    expect(readable(message.content.split('\n')[0]!)).toContain('@everyone @here <@123> <@!456> <@&789> <#42>');
  });

  it('escapes a heading or a numbered list the echo would start', () => {
    expect(escapeText('# Title')).toBe('\\# Title');
    expect(escapeText('1. first')).toBe('1\\. first');
  });
});

describe('the response helper', () => {
  it('always sets allowedMentions to parse nothing and ping no replied user', () => {
    const message = renderAnswer(core.ask('Crimea'));
    expect(toPayload(message).allowedMentions).toEqual({ parse: [], repliedUser: false });
    expect(toPayload(message, { ephemeral: false }).allowedMentions).toEqual({ parse: [], repliedUser: false });
    expect(toPayload(apology('1'), { ephemeral: true }).allowedMentions).toEqual({ parse: [], repliedUser: false });
  });

  it('sets the Ephemeral flag only when asked', () => {
    const message = apology('1');
    expect(toPayload(message, { ephemeral: true }).flags).toBe(MessageFlags.Ephemeral);
    expect(toPayload(message, { ephemeral: false }).flags).toBeUndefined();
    expect('flags' in toPayload(message)).toBe(false);
  });
});

describe('small cutting helpers', () => {
  it('names a thread after the question: one line, invisible characters gone, at most 100 characters', () => {
    expect(threadName('What does the plan\nsay about\u200B NATO?')).toBe('What does the plan say about NATO?');
    const long = threadName('why '.repeat(60));
    expect(long.length).toBeLessThanOrEqual(LIMITS.threadName);
    expect(long.endsWith('…')).toBe(true);
    expect(threadName('  \u200B ')).toBe('Question');
  });

  it('never splits a surrogate pair when clipping', () => {
    const clipped = clip('ab😀😀😀', 4);
    expect(clipped).toBe('ab…');
  });

  it('lists as many left-out ids as fit, then "…"', () => {
    expect(omittedMarker(['a:1.1', 'a:2.1'], 100)).toBe('…and 2 more: a:1.1, a:2.1');
    expect(omittedMarker(['a:1.1', 'a:2.1', 'a:3.1'], 27)).toBe('…and 3 more: a:1.1, …');
    expect(omittedMarker([], 100)).toBe('');
  });

  it('shares a budget so that short items get all they need and long ones split the rest', () => {
    expect(shareBudget([10, 1000, 1000], 610, 4096)).toEqual([10, 300, 300]);
    expect(shareBudget([5000], 6000, 4096)).toEqual([4096]);
  });

  it('keeps a text that fits unchanged', () => {
    expect(fitLines('a\nb', 3)).toBe('a\nb');
  });
});

// --- properties over arbitrary answers ---

const textUnit = fc.constantFrom('*', '_', '`', '~', '|', '>', '#', '\\', '@', '<', '[', ']', '(', ')', '1', '.', 'a', 'Z', ' ', '\n', '😀', 'é');
const quoteArb = fc.oneof(fc.string({ unit: textUnit, maxLength: 3000 }), fc.string({ unit: 'binary', maxLength: 3000 }));
const spansArb = (length: number): fc.Arbitrary<Span[]> =>
  fc.uniqueArray(fc.nat({ max: Math.max(0, length) }), { maxLength: 20 }).map((cuts) => {
    const sorted = [...cuts].sort((a, b) => a - b);
    const spans: Span[] = [];
    for (let i = 0; i + 1 < sorted.length; i += 2) if (sorted[i]! < sorted[i + 1]!) spans.push({ start: sorted[i]!, end: sorted[i + 1]! });
    return spans;
  });
const citationArb: fc.Arbitrary<Citation> = quoteArb.chain((quote) =>
  fc.record({
    id: fc.stringMatching(/^[a-z][a-z-]{0,30}:\d{1,3}\.\d{1,2}$/),
    quote: fc.constant(quote),
    documentId: fc.constant('doc'),
    documentTitle: fc.string({ maxLength: 300 }),
    source: fc.string({ maxLength: 2500 }),
    date: fc.constant('2025-11-20'),
    score: fc.double({ min: 0, max: 10, noNaN: true }),
    highlights: spansArb(quote.length),
    sentence: fc.constant(quote),
    offsets: fc.constant({ start: 0, end: quote.length }),
  }),
);
const answeredArb: fc.Arbitrary<Answer> = fc
  .record({ lead: fc.string({ unit: textUnit, maxLength: 2500 }), citations: fc.array(citationArb, { maxLength: 15 }) })
  .map(({ lead, citations }) => ({ kind: 'answered', question: 'q', lead, citations, attributions: attributionsFor('en', citations), text: lead }));

describe('rendering any answer (property)', () => {
  it('stays within every Discord limit, accounts for every citation id, and is deterministic', () => {
    fc.assert(
      fc.property(answeredArb, (answer) => {
        const message = renderAnswer(answer);
        expect(limitErrors(message)).toEqual([]);
        expect(message.content.length).toBeLessThanOrEqual(LIMITS.content);
        expect(renderAnswer(answer)).toEqual(message);
        if (answer.kind !== 'answered' || answer.citations.length === 0) return;
        const shown = message.embeds.filter((e) => e.title !== undefined).map((e) => e.title);
        const omitted = answer.citations.slice(shown.length);
        expect(shown).toEqual(answer.citations.slice(0, shown.length).map((c) => clip(c.id, LIMITS.embedTitle)));
        for (const c of omitted) expect(message.content).toContain(c.id);
        for (const [i, embed] of message.embeds.slice(0, shown.length).entries()) {
          expect(answer.citations[i]!.quote.replace(/[\r\n]/g, ' ').startsWith(readable(embed.description!))).toBe(true);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('fits any plain-text answer in 2,000 characters of content', () => {
    fc.assert(
      fc.property(fc.string({ unit: textUnit, maxLength: 8000 }), (text) => {
        const message = renderAnswer({ kind: 'help', question: 'help', lead: text.split('\n')[0] ?? '', examples: [], text });
        expect(message.content.length).toBeLessThanOrEqual(LIMITS.content);
        expect(renderAnswer({ kind: 'help', question: 'help', lead: '', examples: [], text })).toEqual(message);
      }),
      { numRuns: 100 },
    );
  });
});
