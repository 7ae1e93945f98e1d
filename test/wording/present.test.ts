import { describe, expect, it } from 'vitest';
import { PlanBot } from '../../src/dialogue/bot.js';
import frames from '../../src/data/lead-frames.json' with { type: 'json' };
import { askedSubject, markSpans, sentenceGroups, sentenceWindow } from '../../src/wording/present.js';
import type { Answer } from '../../src/types.js';

const bot = PlanBot.load();
const answered = (q: string): Extract<Answer, { kind: 'answered' }> => {
  const a = bot.ask(q);
  if (a.kind !== 'answered') throw new Error(`expected an answer to ${q}, got ${a.kind}`);
  return a;
};

describe('a clause in its sentence', () => {
  it('gives every citation its whole sentence and the quote\'s offsets in it, the quote unchanged', () => {
    for (const p of bot.index.passages) {
      const c = answered(`clause ${p.id}`).citations[0]!;
      expect(c.quote).toBe(p.text);
      expect(c.sentence.slice(c.offsets.start, c.offsets.end)).toBe(c.quote);
      expect(bot.index.documents.get(p.documentId)!.text).toContain(c.sentence);
    }
  });

  it('puts "prohibits NATO troop deployments in Ukraine" in the sentence that stations jets in Poland', () => {
    const c = answered('what does it say about NATO?').citations.find((x) => x.id === 'plan-article:7.2')!;
    expect(c.quote).toBe('prohibits NATO troop deployments in Ukraine');
    expect(c.sentence).toBe('The plan limits Ukraine’s military to 600,000 personnel, prohibits NATO troop deployments in Ukraine, and stations European fighter jets in Poland.');
    expect(markSpans(c.sentence, [c.offsets], '[', ']')).toContain('personnel, [prohibits NATO troop deployments in Ukraine], and stations');
  });

  it('leaves a whole-sentence quote unmarked', () => {
    const c = answered('clause 5.1').citations[0]!;
    expect(c.offsets).toEqual({ start: 0, end: c.sentence.length });
    expect(markSpans(c.sentence, [c.offsets], '[', ']')).toBe(c.quote);
  });

  it('shows a sentence two quotes share once, with both clauses marked and both ids', () => {
    const a = answered('ukraine army cap');
    expect(a.citations.map((c) => c.id)).toEqual(['plan-article:7.1', 'plan-article:4.3', 'plan-article:7.2']);
    const groups = sentenceGroups(a.citations);
    expect(groups.map((g) => g.citations.map((c) => c.id))).toEqual([['plan-article:7.1', 'plan-article:7.2'], ['plan-article:4.3']]);
    expect(a.text.split('\n')[1]).toBe(
      '[plan-article:7.1, plan-article:7.2] "*The plan limits Ukraine’s military to 600,000 personnel*, *prohibits NATO troop deployments in Ukraine*, and stations European fighter jets in Poland."',
    );
  });

  it('shortens a sentence around the clause at spaces, never through it', () => {
    const c = answered('clause 7.2').citations[0]!;
    const w = sentenceWindow(c, 12);
    expect(w.text.slice(w.clause.start, w.clause.end)).toBe(c.quote);
    expect(w.text).toBe('…personnel, prohibits NATO troop deployments in Ukraine, and…');
    expect(sentenceWindow(c, 0).text).toBe(`…${c.quote}…`);
    expect(sentenceWindow(c, 1000).text).toBe(c.sentence);
  });
});

describe('attribution', () => {
  it('credits each document once, at the end, and each quote by its id only', () => {
    const a = answered('what does it say about NATO?');
    expect(a.citations).toHaveLength(3);
    expect(a.attributions).toHaveLength(1);
    const [credit] = a.attributions;
    expect(credit!.text).toBe(`Source: ${credit!.title}, ${credit!.date}.`);
    expect(credit!.text.slice(credit!.titleAt.start, credit!.titleAt.end)).toBe(credit!.title);
    // The long `source` line waits for "source?"; the credit is title and date.
    expect(a.text).not.toContain(credit!.source);
    expect(a.text.split('\n').at(-1)).toBe(credit!.text);
  });
});

describe('lead lines', () => {
  it.each([
    ['what does it say about NATO?', 'What the summary says about NATO:'],
    ['What does the plan say about Kherson?', 'What the summary says about Kherson:'],
    ['tell me about the ceasefire please', 'What the summary says about the ceasefire:'],
    ['What happens to Donetsk?', 'What the summary says about Donetsk:'],
    ['What is the joint US-Russia investment mechanism?', 'What the summary says about the joint US-Russia investment mechanism:'],
    ['Is Crimea recognized as Russian?', 'Two passages on Crimea and Russia:'],
    ['When does the ceasefire take effect?', 'One passage on the ceasefire:'],
    ['Що буде з Кримом?', 'Один уривок у відповідь на «Що буде з Кримом?»:'],
    ['Що план каже про НАТО?', 'Що зведення каже про НАТО:'],
    ['Что план говорит о выборах?', 'Что в сводке говорится о выборах:'],
  ])('%s → %s', (q, lead) => {
    const a = answered(q);
    expect(a.lead).toBe(lead);
    expect(a.text.split('\n')[0]).toBe(lead);
  });

  it('gives a Ukrainian question a Ukrainian lead and the English clause on Crimea', () => {
    const a = answered('Що буде з Кримом?');
    expect(a.lead).toMatch(/^Один уривок/);
    expect(a.citations[0]!.quote).toBe('The draft recognizes Crimea, Luhansk, and Donetsk as de facto Russian territory, including by the U.S.');
    expect(a.attributions[0]!.text).toMatch(/^Джерело: /);
  });

  it('takes the subject from the asker\'s own words, and only from a frame that names one', () => {
    expect(askedSubject('so what does the draft say about my pension?', 'en')).toBe('your pension');
    expect(askedSubject('What is the Ukraine Development Fund for?', 'en')).toBeUndefined();
    expect(askedSubject('How many soldiers can Ukraine keep?', 'en')).toBeUndefined();
    expect(askedSubject('а що про вибори?', 'uk')).toBe('про вибори');
  });

  it('is the same every time', () => {
    for (const q of ['what does it say about NATO?', 'Що буде з Кримом?']) expect(bot.ask(q)).toEqual(bot.ask(q));
  });

  it('keeps its question frames as data that cannot silently empty', () => {
    for (const lang of ['en', 'uk', 'ru'] as const) expect(frames[lang].length).toBeGreaterThan(0);
  });
});

describe('the asker\'s language', () => {
  it('answers help, refusals, topics and sources in Ukrainian and Russian', () => {
    expect(bot.ask('допомога').text).toMatch(/^Поставте запитання/);
    expect(bot.ask('помощь').text).toMatch(/^Задайте вопрос/);
    expect(bot.ask('Що план каже про Сирію?').lead).toBe('Документ «підсумок» не згадує Сирію.');
    expect(bot.ask('Что план говорит о Сирии?').lead).toBe('Документ «резюме» не упоминает Сирии.');
    expect(bot.ask('теми').lead).toMatch(/^Теми, на які/);
    expect(bot.ask('источники').lead).toBe('Документы, из которых я цитирую (1):');
  });

  it('refuses a too-long or rate-limited question in the asker\'s language, with the right plural', () => {
    const long = new PlanBot([...bot.index.documents.values()], { maxQuestionLength: 10 });
    expect(long.ask('Що буде з Кримом після війни?').lead).toBe('Запитання має 29 символів, а межа — 10. Будь ласка, сформулюйте коротше.');
    let now = 0;
    const limited = new PlanBot([...bot.index.documents.values()], { rateLimit: { perMinute: 1, now: () => now } });
    limited.ask('Что будет с Крымом?', { user: 'u' });
    expect(limited.ask('Что будет с Крымом?', { user: 'u' }).lead).toMatch(/через 60 секунд\.$/);
    now = 57_000;
    expect(limited.ask('Что будет с Крымом?', { user: 'u' }).lead).toMatch(/через 3 секунды\.$/);
    now = 59_000;
    expect(limited.ask('Что будет с Крымом?', { user: 'u' }).lead).toMatch(/через 1 секунду\.$/);
  });
});
