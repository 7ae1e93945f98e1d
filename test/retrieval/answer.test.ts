import { describe, expect, it } from 'vitest';
import { PlanBot } from '../../src/dialogue/bot.js';
import type { Answer } from '../../src/types.js';

const bot = PlanBot.load();
const ids = (a: Answer): string[] => (a.kind === 'answered' ? a.citations.map((c) => c.id) : []);

describe('answers', () => {
  it('quotes the NATO clauses with citation ids, source and a deterministic lead', () => {
    const a = bot.ask('What does the plan say about NATO?');
    expect(a.kind).toBe('answered');
    if (a.kind !== 'answered') return;
    expect(a.lead).toBe('What the summary says about NATO:');
    expect(ids(a)).toContain('plan-article:5.1');
    expect(ids(a)).toContain('plan-article:7.2');
    for (const c of a.citations) {
      expect(c.quote).toBe(bot.index.byId.get(c.id)!.text);
      expect(c.source).toMatch(/Associated Press/);
      expect(c.highlights.length).toBeGreaterThan(0);
      for (const h of c.highlights) expect(c.quote.slice(h.start, h.end).toLowerCase()).toContain('nato');
    }
    expect(a.text.split('\n')[0]).toBe(a.lead);
  });

  it('quotes at most the configured number of passages', () => {
    const one = new PlanBot([...bot.index.documents.values()], { ranking: { maxCitations: 1 } });
    expect(ids(one.ask('What does the plan say about NATO?'))).toHaveLength(1);
  });

  it.each([
    ['What does the plan say about Syria?', 'The summary does not mention Syria.', ['Syria']],
    ['What is the best restaurant in Naples?', 'The summary does not mention the best restaurant and Naples.', ['best restaurant', 'Naples']],
    ['lorem ipsum dolor sit amet', 'The summary does not mention lorem ipsum dolor sit amet.', ['lorem ipsum dolor sit amet']],
  ])('declines %s, naming what the documents lack, the documents searched, and topics to try', (q, lead, subject) => {
    const a = bot.ask(q);
    expect(a.kind).toBe('not-covered');
    if (a.kind !== 'not-covered') return;
    expect(a.lead).toBe(lead);
    expect(a.subject).toEqual(subject);
    expect(a.searched).toEqual(['the AP summary of the draft (Nov 20)']);
    expect(a.text).toContain('I searched the AP summary of the draft (Nov 20).');
    expect(a.suggestions).toContain('NATO');
    expect(a.text).toContain('It does cover:');
    expect(a.text).not.toMatch(/corpus/);
  });

  it('answers a long question whose framing the corpus lacks when a passage holds two of its ideas', () => {
    const a = bot.ask('Under what circumstances would sanctions automatically come back into force?');
    expect(a.kind === 'answered' && a.citations[0]!.id).toBe('plan-article:6.1');
    // Two ideas, but more words the corpus lacks (ticket, train, cost) than ideas found: declined.
    expect(bot.ask('Сколько стоит билет на поезд из Москвы в Петербург?').kind).toBe('not-covered');
  });

  it('declines a question whose key word is missing even when another word matches', () => {
    expect(bot.ask("What's the population of Kyiv?").kind).toBe('not-covered');
    expect(bot.ask('What is the GDP of Ukraine?').kind).toBe('not-covered');
  });

  it('finds clauses through spellings, abbreviations and synonyms from the lexicon', () => {
    expect(ids(bot.ask('What about Zaporozhye?'))[0]).toBe('plan-article:13.2');
    expect(ids(bot.ask('Does the North Atlantic Treaty Organization get a say?'))).toContain('plan-article:5.1');
    expect(ids(bot.ask('Can Ukraine join the European Union?'))[0]).toBe('plan-article:8.1');
    expect(ids(bot.ask('Is there a truce?'))[0]).toBe('plan-article:3.1');
    expect(ids(bot.ask('What happens to the Donbas?'))).toContain('plan-article:13.1');
    expect(ids(bot.ask('Will POWs be exchanged?'))[0]).toBe('plan-article:16.1');
    expect(ids(bot.ask('Is there a DMZ?'))[0]).toBe('plan-article:14.1');
  });

  it('understands Ukrainian and Russian terms', () => {
    expect(ids(bot.ask('Що план каже про НАТО?'))).toContain('plan-article:5.1');
    expect(ids(bot.ask('Будет ли амнистия?'))[0]).toBe('plan-article:17.2');
  });

  it('tolerates a misspelt name, but does not bend an unrelated word onto a corpus word', () => {
    expect(ids(bot.ask('What did Peskow say?'))[0]).toBe('plan-article:22.1');
    expect(bot.ask('What does Congress think of the plan?').kind).toBe('not-covered');
  });

  it('credits a passage naming the place in "the Donetsk region", not one that only says "regions"', () => {
    expect(ids(bot.ask('What is proposed for the Donetsk region?'))[0]).toMatch(/^plan-article:1[34]\.1$/);
  });

  it('reads a capital as its government (Kyiv for Ukraine)', () => {
    expect(ids(bot.ask('When did Kiev receive the draft?'))[0]).toBe('plan-article:2.1');
  });

  it('does not let question framing ("what role did … play") decide coverage', () => {
    expect(bot.ask('What role did Rubio play?').kind).toBe('answered');
    expect(bot.ask('What role does Belarus play?').kind).toBe('not-covered');
  });

  it('matches Ukrainian and Russian inflections the stemmers leave apart', () => {
    expect(ids(bot.ask('Скільки військових може мати Україна?'))[0]).toBe('plan-article:7.1');
    expect(ids(bot.ask('Чи зможе Україна стати членом ЄС?'))[0]).toBe('plan-article:8.1');
  });
});

describe('invalid input', () => {
  it.each([
    ['', 'empty'],
    ['   \n\t ', 'empty'],
    ['\u200b\u200b', 'empty'],
    ['?!…', 'no-words'],
    ['x'.repeat(501), 'too-long'],
  ])('answers %j with a reason instead of failing', (q, reason) => {
    const a = bot.ask(q);
    expect(a.kind).toBe('invalid');
    if (a.kind === 'invalid') expect(a.reason).toBe(reason);
    expect(a.text.length).toBeGreaterThan(0);
  });

  it('strips control characters before answering', () => {
    expect(ids(bot.ask('What\u0000 about\u0007 NATO?'))).toEqual(ids(bot.ask('What about NATO?')));
  });
});

describe('commands', () => {
  it('looks a passage up by short id, full id or paragraph', () => {
    expect(ids(bot.ask('clause 7.2'))).toEqual(['plan-article:7.2']);
    expect(ids(bot.ask('clause plan-article:7.2'))).toEqual(['plan-article:7.2']);
    expect(ids(bot.ask('plan-article:7.2'))).toEqual(['plan-article:7.2']);
    expect(ids(bot.ask('clause 7'))).toEqual(['plan-article:7.1', 'plan-article:7.2', 'plan-article:7.3']);
    const a = bot.ask('clause 7.2');
    expect(a.kind === 'answered' && a.citations[0]!.quote).toBe('prohibits NATO troop deployments in Ukraine');
  });

  it('says plainly when an id does not exist', () => {
    const a = bot.ask('clause 99.1');
    expect(a.kind).toBe('not-covered');
    expect(a.lead).toBe('No passage has the id "99.1".');
  });

  it('lists topics in order of first mention, each with its passages', () => {
    const a = bot.ask('topics');
    expect(a.kind).toBe('topics');
    if (a.kind !== 'topics') return;
    const labels = a.topics.map((t) => t.label);
    expect(labels).toContain('NATO');
    expect(labels).toContain('elections');
    expect(labels.indexOf('NATO')).toBeLessThan(labels.indexOf('elections'));
    expect(a.topics.find((t) => t.label === 'NATO')!.passageIds).toContain('plan-article:7.2');
  });

  it('lists sources and shows help', () => {
    const s = bot.ask('sources');
    expect(s.kind === 'sources' && s.sources.map((x) => x.id)).toEqual(['plan-article']);
    const h = bot.ask('help');
    expect(h.kind).toBe('help');
    expect(h.text).toContain('clause');
  });
});
