import { describe, expect, it } from 'vitest';
import { PlanBot } from '../../src/dialogue/bot.js';
import documentData from '../../src/data/documents.json' with { type: 'json' };
import { documentKind, shortName } from '../../src/retrieval/decide.js';

const bot = PlanBot.load();

describe('declining by subject', () => {
  it.each([
    ['Does Russia get back into the G8?', 'The summary does not mention the G8.', ['G8']],
    ['Who chairs the Board of Peace?', 'The summary does not mention the Board of Peace.', ['Board of Peace']],
    ['who sits on the board of peace', 'The summary does not mention the board of peace.', ['board of peace']],
    ['does ukraine have to hold a referendum on the deal', 'The summary does not mention a referendum.', ['referendum']],
    ['does it say anything about the Zaporizhzhia nuclear plant and the IAEA', 'The summary does not mention the IAEA.', ['IAEA']],
  ])('declines %s even though other words match, naming the subject', (q, lead, subject) => {
    const a = bot.ask(q);
    expect(a.kind).toBe('not-covered');
    if (a.kind !== 'not-covered') return;
    expect(a.lead).toBe(lead);
    expect(a.subject).toEqual(subject);
    expect(a.searched).toEqual(['the AP summary of the draft (Nov 20)']);
  });

  it('never names a filler word or "the corpus" in a refusal', () => {
    const a = bot.ask('hey bot, does the plan say anything about the G8? thanks!');
    expect(a.kind).toBe('not-covered');
    expect(a.text).not.toMatch(/hey|bot|thanks|corpus/i);
  });

  it('still answers a question whose everyday words the summary lacks, around two ideas it has', () => {
    const a = bot.ask('wait is there an amnesty in there? pls tell me no');
    expect(a.kind === 'answered' && a.citations[0]!.quote).toContain('full wartime amnesty');
  });

  it('declines in the asker\'s language', () => {
    const a = bot.ask('Чи буде референдум про G8?');
    expect(a.kind).toBe('not-covered');
    expect(a.lead).toBe('Документ «підсумок» не згадує референдум і G8.');
  });

  it('names a document from its metadata, not its id', () => {
    expect(shortName({ title: 'Draft 28-point US peace plan (news summary)', source: 'News summary of the draft as published by the Associated Press; not the official text', date: '2025-11-20' })).toBe(
      'the AP summary of the draft (Nov 20)',
    );
    expect(shortName({ title: 'White House statement on the peace framework', source: 'The White House (official statement)', date: '2025-11-23' })).toBe('the WH statement (Nov 23)');
    expect(shortName({ title: 'Peace plan', source: 'Reuters', date: '2025-11' })).toBe('the plan (Nov 2025)');
    expect(documentKind({ title: 'x', source: 'y' })).toBe('document');
  });

  it('has word lists that cannot silently empty', () => {
    for (const key of ['kinds', 'determiners', 'prepositions', 'links'] as const) expect(documentData[key].length, key).toBeGreaterThan(0);
    // Every kind has its Ukrainian and Russian name.
    for (const lang of ['uk', 'ru'] as const) for (const kind of [...documentData.kinds, 'document']) expect((documentData.kindNames[lang] as Record<string, string>)[kind], `${lang} ${kind}`).toBeTruthy();
  });
});
