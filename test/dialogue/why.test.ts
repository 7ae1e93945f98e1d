/** The `why?` follow-up: the last answer explained from its own highlights, or the subject a refusal named. */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PlanBot } from '../../src/dialogue/bot.js';
import { classifyFollowUp, converse, FOLLOWUPS, type Previous } from '../../src/dialogue/conversation.js';
import { writeCuration } from '../../src/corpus/curation.js';
import type { Answer } from '../../src/types.js';

const bot = PlanBot.load({ rateLimit: { perMinute: 0 } });

/** Asks each message in turn in one conversation; the last answer. */
function conversation(b: PlanBot, ...messages: string[]): Answer {
  let previous: Previous | undefined;
  let answer: Answer | undefined;
  for (const m of messages) ({ answer, previous } = converse(b, m, { previous }));
  return answer!;
}

const whyOf = (answer: Answer): Extract<Answer, { kind: 'why' }> => {
  expect(answer.kind).toBe('why');
  return answer as Extract<Answer, { kind: 'why' }>;
};

describe('classifying why?', () => {
  it('reads "why?" and its kin in English, Ukrainian and Russian, from a list that cannot silently empty', () => {
    expect(FOLLOWUPS.why.size).toBeGreaterThan(10);
    for (const t of ['why?', 'Why', 'how come?', 'explain please', 'чому?', 'почему?', 'объясни']) expect(classifyFollowUp(t), t).toEqual({ kind: 'why' });
    expect(classifyFollowUp('why does the plan cap the army?')).toEqual({ kind: 'none' });
  });
});

describe('why? after an answer', () => {
  it('names NATO and every passage quoted for the NATO question', () => {
    const nato = bot.ask('What does it say about NATO?');
    const why = whyOf(conversation(bot, 'What does it say about NATO?', 'why?'));
    expect(why.answered).toBe(true);
    expect(why.explained).toBe('What does it say about NATO?');
    const ids = nato.kind === 'answered' ? nato.citations.map((c) => c.id) : [];
    expect([...new Set(why.matches.map((m) => m.id))]).toEqual(ids);
    expect(why.matches.every((m) => m.asked === 'NATO' && m.quoted === 'NATO' && m.via === 'same')).toBe(true);
    for (const id of ids) expect(why.text).toContain(`- ${id}: “NATO” matched your “NATO”.`);
  });

  it('names the lexicon concept that joined a Ukrainian word to an English passage, in Ukrainian', () => {
    const why = whyOf(conversation(bot, 'Що план каже про НАТО?', 'чому?'));
    expect(why.lead).toBe('Чому я так відповів на «Що план каже про НАТО?»:');
    expect(why.matches[0]).toMatchObject({ asked: 'НАТО', quoted: 'NATO', via: 'lexicon', through: 'NATO' });
  });

  it('explains the completed question after an elliptical follow-up, and leaves the conversation as it was', () => {
    const first = converse(bot, 'What does it say about NATO?');
    const second = converse(bot, 'and for Russia?', { previous: first.previous });
    const why = converse(bot, 'why?', { previous: second.previous });
    expect(whyOf(why.answer).explained).toBe('What does it say about NATO, Russia?');
    expect(why.previous).toEqual(second.previous);
  });
});

describe('why? after a refusal', () => {
  it('names the missing subject, also when the refusal opened the conversation', () => {
    const why = whyOf(conversation(bot, 'What does it say about NATO?', 'Does Russia rejoin the G8?', 'why?'));
    expect(why.answered).toBe(false);
    expect(why.missing).toEqual(['G8']);
    expect(why.text).toBe('I declined “Does Russia rejoin the G8?” because the documents do not mention “G8”.');
    expect(whyOf(conversation(bot, 'Does Russia rejoin the G8?', 'why')).missing).toEqual(['G8']);
  });

  it('still lets "tell me more" mean the last real answer, and an elliptical question after a first refusal stand alone', () => {
    const more = conversation(bot, 'What does it say about NATO?', 'Does Russia rejoin the G8?', 'tell me more');
    expect(more.kind === 'answered' && more.citations.map((c) => c.id)).toContain('plan-article:5');
    expect(conversation(bot, 'Does Russia rejoin the G8?', 'and for Crimea?').question).toBe('and for Crimea?');
  });
});

describe('why? with nothing to explain', () => {
  it('says there is no earlier question, rather than searching the documents for "why"', () => {
    const why = whyOf(bot.ask('why?'));
    expect(why.text).toBe('There is no earlier question in this conversation to explain. Ask a question about the plan first.');
    expect(converse(bot, 'why?').previous).toBeUndefined();
  });
});

describe('why? and curation', () => {
  const dir = mkdtempSync(join(tmpdir(), 'why-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  copyFileSync('corpus/plan-article.txt', join(dir, 'plan-article.txt'));
  const at = '2026-12-05T08:00:00.000Z';
  writeCuration(dir, {
    entries: [
      { kind: 'alias', phrase: 'Geneva cap', means: '600,000 personnel', by: 'ops', at },
      { kind: 'pin', phrase: 'army size', ids: ['plan-article:7.2'], by: 'ops', at },
    ],
  });
  const curated = PlanBot.load({ corpusDir: dir });

  it('names the alias that turned the question’s phrase into the passage’s words', () => {
    const why = whyOf(conversation(curated, 'What does the plan say about the Geneva cap?', 'why?'));
    expect(why.curated).toEqual([{ kind: 'alias', phrase: 'Geneva cap' }]);
    expect(why.matches).toContainEqual({ id: 'plan-article:7.1', asked: 'Geneva cap', quoted: 'personnel', via: 'alias', through: 'Geneva cap → 600,000 personnel' });
    expect(why.text).toContain('Curation used: alias “Geneva cap”.');
  });

  it('names the pin that put a passage first', () => {
    const why = whyOf(conversation(curated, 'What about the army size?', 'why?'));
    expect(why.matches[0]).toEqual({ id: 'plan-article:7.2', asked: 'army size', quoted: '', via: 'pin', through: 'army size' });
    expect(why.text).toContain('- plan-article:7.2: pinned first by curation for “army size”.');
  });

  it('is deterministic', () => {
    const a = conversation(curated, 'What about the army size?', 'why?');
    expect(JSON.stringify(conversation(PlanBot.load({ corpusDir: dir }), 'What about the army size?', 'why?'))).toBe(JSON.stringify(a));
  });
});
