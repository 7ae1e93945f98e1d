/** Follow-ups read against the previous turn: the core API every surface's conversation uses. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PlanBot } from '../../src/dialogue/bot.js';
import { classifyFollowUp, converse, FOLLOWUPS, type Previous } from '../../src/dialogue/conversation.js';
import { namesOwnSubject } from '../../src/dialogue/subject.js';
import { JsonFileStore } from '../../src/state/conversation-store.js';
import { tidyRemoved } from '../../src/language/markup.js';

const bot = PlanBot.load({ rateLimit: { perMinute: 0 } });
const NATO: Previous = { question: 'What does the plan say about NATO?', subject: ['nato'], citationIds: ['plan-article:5.1', 'plan-article:7.2', 'plan-article:2.2'] };

describe('follow-up word lists', () => {
  it('cannot silently empty', () => {
    expect(FOLLOWUPS.more.size).toBeGreaterThan(10);
    expect(FOLLOWUPS.source.size).toBeGreaterThan(5);
    expect(FOLLOWUPS.connectors.length).toBeGreaterThan(10);
    expect(FOLLOWUPS.polite.size).toBeGreaterThan(3);
    expect(FOLLOWUPS.maxEllipticalWords).toBeGreaterThan(2);
  });
});

describe('classifyFollowUp', () => {
  it('reads "more", "source?" and connector questions, in English, Ukrainian and Russian', () => {
    for (const t of ['more', 'Tell me more!', 'full text please', 'ще', 'подробнее']) expect(classifyFollowUp(t), t).toEqual({ kind: 'more' });
    for (const t of ['source?', 'link?', "what's the source?", 'джерело?', 'источник']) expect(classifyFollowUp(t), t).toEqual({ kind: 'source' });
    expect(classifyFollowUp('and for Russia?')).toEqual({ kind: 'elliptical', rest: 'Russia' });
    expect(classifyFollowUp('what about Crimea then?')).toEqual({ kind: 'elliptical', rest: 'Crimea' });
    expect(classifyFollowUp('а що з Кримом?')).toEqual({ kind: 'elliptical', rest: 'Кримом' });
  });

  it('leaves questions that stand on their own alone', () => {
    for (const t of ['more about NATO in the plan', 'What does the plan say about NATO?', 'and what does the plan say about the army of Ukraine after the war ends?', 'sources', 'and']) {
      expect(classifyFollowUp(t), t).toEqual({ kind: 'none' });
    }
  });
});

describe('converse', () => {
  it('"tell me more" after a NATO answer shows the whole paragraph that holds 7.2, with the cited clause highlighted', () => {
    const { answer, previous } = converse(bot, 'tell me more', { previous: NATO });
    expect(answer.kind).toBe('answered');
    if (answer.kind !== 'answered') return;
    expect(answer.citations.map((c) => c.id)).toEqual(['plan-article:5', 'plan-article:7', 'plan-article:2']);
    const seven = answer.citations[1]!;
    expect(seven.quote).toBe('The plan limits Ukraine’s military to 600,000 personnel, prohibits NATO troop deployments in Ukraine, and stations European fighter jets in Poland.');
    expect(seven.quote.slice(seven.highlights[0]!.start, seven.highlights[0]!.end)).toBe('prohibits NATO troop deployments in Ukraine');
    // "more" keeps the subject, so "source?" or another "more" still refers to it.
    expect(previous).toEqual(NATO);
  });

  it('"source?" lists the documents of the previous citations', () => {
    const { answer } = converse(bot, 'source?', { previous: NATO });
    expect(answer.kind).toBe('sources');
    expect(answer.text).toContain('Associated Press');
  });

  it('an elliptical question borrows the previous subject and keeps it for the next turn', () => {
    const { answer, previous } = converse(bot, 'and for Russia?', { previous: NATO });
    expect(answer.kind).toBe('answered');
    if (answer.kind !== 'answered') return;
    // The answer echoes the message as typed; its lead shows the borrowed subject.
    expect(answer.question).toBe('and for Russia?');
    expect(answer.lead).toMatch(/NATO, Russia/);
    expect(previous?.question).toBe(NATO.question);
    expect(previous?.citationIds).toEqual(answer.citations.map((c) => c.id));
  });

  it('"what about X?" that names its own subject is a new question, not the previous subject again (issue 22.1)', () => {
    const army = converse(bot, 'how big can the army be?');
    expect(army.answer.kind).toBe('answered');
    for (const [text, id] of [['what about sanctions?', 'plan-article:6.1'], ['what about Crimea?', 'plan-article:13.1']] as const) {
      const { answer, previous } = converse(bot, text, { previous: army.previous });
      expect(answer.kind, text).toBe('answered');
      if (answer.kind !== 'answered') continue;
      expect(answer.lead, text).not.toMatch(/army|military/i);
      expect(answer.citations.map((c) => c.id), text).toContain(id);
      // The new subject is the conversation's subject from now on.
      expect(previous?.subject, text).not.toContain('army');
    }
  });

  it('namesOwnSubject: a topic the documents know is a subject; a party or an unknown word is not', () => {
    for (const t of ['sanctions', 'Crimea', 'the army', 'frozen assets', 'Кримом']) expect(namesOwnSubject(bot, t), t).toBe(true);
    for (const t of ['Russia', 'Ukraine', 'bananas', 'then', '2026']) expect(namesOwnSubject(bot, t), t).toBe(false);
  });

  it('a standalone question starts a new subject; a refusal keeps the old one', () => {
    expect(converse(bot, 'Is Crimea recognized as Russian?', { previous: NATO }).previous?.question).toBe('Is Crimea recognized as Russian?');
    // The refusal becomes what "why?" explains, but not the subject.
    const refused = converse(bot, 'what about bananas?', { previous: NATO }).previous;
    expect(refused).toMatchObject({ ...NATO, asked: 'What does the plan say about NATO, bananas?' });
    // And what the documents lacked, so that why? can name it where no typed text is kept.
    expect(refused?.declined?.length).toBeGreaterThan(0);
  });

  it('without a previous turn, "more" is an ordinary message and follow-ups are not guessed', () => {
    expect(converse(bot, 'and for Russia?').answer.question).toBe('and for Russia?');
    expect(converse(bot, 'tell me more', { previous: { subject: [], citationIds: [] } }).answer.kind).toBe('not-covered');
  });

  it('answers the same way twice: follow-ups are deterministic', () => {
    expect(converse(bot, 'more', { previous: NATO })).toEqual(converse(bot, 'more', { previous: NATO }));
  });
});

describe('JsonFileStore', () => {
  it('survives a restart, forgets the oldest past its bound, and writes no half files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'store-'));
    try {
      const file = join(dir, 'nested', 'store.json');
      const a = new JsonFileStore(file, 2);
      a.set('thread:1', { kind: 'thread', previous: NATO });
      a.set('answer:2', { kind: 'answer', ref: { channel: 'C', message: '2' } });
      a.set('answer:3', { kind: 'answer', ref: { channel: 'C', message: '3' } });
      // Writes are batched: nothing yet, then everything at once.
      expect(new JsonFileStore(file, 2).get('answer:3')).toBeUndefined();
      a.flush();
      const b = new JsonFileStore(file, 2);
      expect(b.get('thread:1')).toBeUndefined();
      expect(b.get('answer:3')).toEqual({ kind: 'answer', ref: { channel: 'C', message: '3' } });
      expect(JSON.parse(readFileSync(file, 'utf8'))).toHaveLength(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps working in memory when the file cannot be written', () => {
    const dir = mkdtempSync(join(tmpdir(), 'store-'));
    try {
      // A path under a regular file: every write fails with ENOTDIR.
      writeFileSync(join(dir, 'file'), '');
      const errors: string[] = [];
      const store = new JsonFileStore(join(dir, 'file', 'store.json'), 10, (what) => errors.push(what));
      store.set('k', { kind: 'thread', previous: NATO });
      store.flush();
      // The question as typed is not kept unless STORE_QUESTION_TEXT says so (test/state/conversation-store.test.ts).
      expect(store.get('k')).toEqual({ kind: 'thread', previous: { subject: NATO.subject, citationIds: NATO.citationIds } });
      expect(errors.at(-1)).toMatch(/could not write/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('tidyRemoved', () => {
  it('joins punctuation stranded by removed markup', () => {
    expect(tidyRemoved('  , what about NATO ?  ,')).toBe('what about NATO?');
    expect(tidyRemoved('saw  and : what about amnesty ?')).toBe('saw and: what about amnesty?');
  });
});
