/** The adapters' conversation files: validated on read, only what a follow-up needs kept, and expired. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PlanBot } from '../../src/dialogue/bot.js';
import { converse } from '../../src/dialogue/conversation.js';
import { JsonFileStore, openConversationStore } from '../../src/state/conversation-store.js';
import { createLogger } from '../../src/runtime/logger.js';

const dirs: string[] = [];
const tempFile = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'conv-store-'));
  dirs.push(dir);
  return join(dir, 'conversations.json');
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('JsonFileStore reading a file back', () => {
  it('drops a malformed entry (previous.question: 42) with a warning and keeps the good ones (issue 22.6)', () => {
    const file = tempFile();
    const good = { kind: 'thread', previous: { subject: ['nato'], citationIds: ['plan-article:7.2'] } };
    const answer = { kind: 'answer', ref: { channel: 'C1', message: '1.2' } };
    writeFileSync(file, JSON.stringify([['thread:D1:dm', { kind: 'thread', previous: { question: 42, citationIds: [] } }], ['thread:C1:1', good], ['answer:C1:1', answer], [7, 'x'], 'junk']));
    const warnings: string[] = [];
    const store = new JsonFileStore(file, 10, () => {}, 200, { onWarning: (what) => warnings.push(what) });
    expect(store.get('thread:D1:dm')).toBeUndefined();
    expect(store.get('thread:C1:1')).toMatchObject(good);
    expect(store.get('answer:C1:1')).toMatchObject(answer);
    expect(warnings.join('\n')).toMatch(/3 malformed entries/);
  });

  it('reads a file that is not a list of entries as empty, with a warning', () => {
    const file = tempFile();
    writeFileSync(file, JSON.stringify({ 'thread:1': 'x' }));
    const warnings: string[] = [];
    const store = new JsonFileStore(file, 10, () => {}, 200, { onWarning: (what) => warnings.push(what) });
    expect(store.get('thread:1')).toBeUndefined();
    expect(warnings).toHaveLength(1);
  });
});

describe('what the conversation files hold', () => {
  const bot = PlanBot.load({ rateLimit: { perMinute: 0 } });
  const typed = 'How big can the Ukrainian army be after the deal?';

  it('holds no typed question text when STORE_QUESTION_TEXT is off, and a follow-up still works from it (issue 22.4)', () => {
    const file = tempFile();
    const logger = createLogger({ level: 'silent' });
    const store = openConversationStore({ STORE_QUESTION_TEXT: false, RETENTION_DAYS: 90, CONVERSATION_TTL_MINUTES: 30 }, file, logger);
    const first = converse(bot, typed);
    expect(first.previous?.question).toBe(typed);
    store.set('thread:D1:dm', { kind: 'thread', previous: first.previous! });
    store.flush();
    const written = readFileSync(file, 'utf8');
    // Only words the lexicon or the cited clauses hold are kept: never the question's own wording.
    for (const piece of [typed, 'How big', 'big', 'deal']) expect(written).not.toContain(piece);
    const back = openConversationStore({ STORE_QUESTION_TEXT: false, RETENTION_DAYS: 90, CONVERSATION_TTL_MINUTES: 30 }, file, logger).get('thread:D1:dm');
    expect(back?.kind).toBe('thread');
    if (back?.kind !== 'thread') return;
    expect(back.previous.subject).toContain('army');
    const next = converse(bot, 'and for Russia?', { previous: back.previous });
    expect(next.answer.kind).toBe('answered');
  });

  it('keeps the question text when STORE_QUESTION_TEXT is on', () => {
    const file = tempFile();
    const store = openConversationStore({ STORE_QUESTION_TEXT: true, RETENTION_DAYS: 90, CONVERSATION_TTL_MINUTES: 30 }, file, createLogger({ level: 'silent' }));
    store.set('thread:D1:dm', { kind: 'thread', previous: converse(bot, typed).previous! });
    store.flush();
    expect(readFileSync(file, 'utf8')).toContain(typed);
  });

  it('forgets a thread\'s turn after the conversation TTL and an answer after RETENTION_DAYS, also in the file (issue 22.1, 22.4)', () => {
    const file = tempFile();
    let now = 1_000_000;
    const options = { threadTtlMs: 30 * 60_000, answerTtlMs: 90 * 86_400_000, now: () => now };
    const store = new JsonFileStore(file, 10, () => {}, 200, options);
    store.set('thread:D1:dm', { kind: 'thread', previous: { subject: ['army'], citationIds: ['plan-article:7.1'] } });
    store.set('answer:D1:1', { kind: 'answer', ref: { channel: 'D1', message: '2' } });
    now += 29 * 60_000;
    expect(store.get('thread:D1:dm')).toBeDefined();
    now += 2 * 60_000;
    expect(store.get('thread:D1:dm')).toBeUndefined();
    expect(store.get('answer:D1:1')).toBeDefined();
    store.flush();
    expect(readFileSync(file, 'utf8')).not.toContain('thread:D1:dm');
    now += 91 * 86_400_000;
    expect(new JsonFileStore(file, 10, () => {}, 200, options).get('answer:D1:1')).toBeUndefined();
  });
});
