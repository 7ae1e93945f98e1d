/** Teaching from chat, in the core: who may, what is written, what the live bot answers after. */
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PlanBot } from '../../src/dialogue/bot.js';
import { LiveBot } from '../../src/dialogue/reload.js';
import { parseTeach, teach, teachArgs, teachText } from '../../src/dialogue/teach.js';
import { adminIds, coreEnvSchema, parseEnv } from '../../src/runtime/config.js';
import { createLogger } from '../../src/runtime/logger.js';

const GENEVA = 'What does the plan say about the Geneva cap?';
let dir: string;
let live: LiveBot;
let lines: string[];
const logger = () => createLogger({ level: 'info', name: 'teach-test', destination: { write: (l: string) => void lines.push(l) } });
const admin = { user: 'slack:U0ADMIN', admin: true };
const now = new Date('2026-12-05T08:00:00.000Z');

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'teach-'));
  copyFileSync('corpus/plan-article.txt', join(dir, 'plan-article.txt'));
  live = new LiveBot(PlanBot.load({ corpusDir: dir }));
  lines = [];
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('reading a teach message', () => {
  it('takes quoted phrases whole, with straight, curly or angle quotes', () => {
    expect(teachArgs('alias “Geneva cap” "600,000 personnel"')).toEqual(['alias', 'Geneva cap', '600,000 personnel']);
    expect(parseTeach('pin «army size» plan-article:7.1 plan-article:7.2')).toEqual({ kind: 'pin', phrase: 'army size', ids: ['plan-article:7.1', 'plan-article:7.2'] });
    expect(parseTeach('remove 2')).toEqual({ kind: 'remove', n: 2 });
    expect(parseTeach('alias "only one"')).toEqual({ kind: 'usage' });
  });

  it('is a teach command only with a subcommand (or none): "teach me about NATO" stays a question', () => {
    expect(teachText('teach alias "a" "b"')).toBe('alias "a" "b"');
    expect(teachText('Teach')).toBe('');
    expect(teachText('teach me about NATO')).toBeUndefined();
    expect(teachText('What does it say about NATO?')).toBeUndefined();
  });
});

describe('teach', () => {
  it('lets an admin add an alias: written to curation.json with who, answered at once, and logged', () => {
    expect(live.ask(GENEVA).kind).toBe('not-covered');
    const out = teach(live, 'alias "Geneva cap" "600,000 personnel"', admin, logger(), now);
    expect(out.kind).toBe('changed');
    expect(out.text).toContain('added 1. alias "Geneva cap" → "600,000 personnel" (by slack:U0ADMIN, 2026-12-05T08:00:00.000Z)');
    expect(out.text).toMatch(/before: declines.*\n {2}now: {4}quotes plan-article:7\.1/);
    const answer = live.ask(GENEVA);
    expect(answer.kind === 'answered' && answer.citations[0]!.id).toBe('plan-article:7.1');
    expect(JSON.parse(readFileSync(join(dir, 'curation.json'), 'utf8')).entries[0]).toMatchObject({ kind: 'alias', by: 'slack:U0ADMIN' });
    expect(lines.map((l) => JSON.parse(l) as Record<string, unknown>)).toContainEqual(expect.objectContaining({ user: 'slack:U0ADMIN', msg: 'curation changed from chat' }));
    expect(teach(live, 'list', admin, logger()).text).toMatch(/^1\. alias "Geneva cap"/);
    expect(teach(live, 'remove 1', admin, logger()).kind).toBe('changed');
    expect(live.ask(GENEVA).kind).toBe('not-covered');
  });

  it('politely refuses anyone not in ADMIN_USER_IDS, and writes nothing', () => {
    const out = teach(live, 'alias "Geneva cap" "600,000 personnel"', { user: 'slack:U0OTHER', admin: false }, logger());
    expect(out.kind).toBe('not-admin');
    expect(out.text).toMatch(/^Sorry, only the administrators/);
    expect(existsSync(join(dir, 'curation.json'))).toBe(false);
  });

  it('refuses a pin to a passage that does not exist, as curate does', () => {
    const out = teach(live, 'pin "army size" plan-article:99.1', admin, logger());
    expect(out).toMatchObject({ kind: 'refused', text: expect.stringContaining('no passage has the id plan-article:99.1') });
    expect(existsSync(join(dir, 'curation.json'))).toBe(false);
  });
});

describe('ADMIN_USER_IDS', () => {
  it('is a comma-separated list of ids, empty when unset, refused when malformed', () => {
    expect([...adminIds(parseEnv(coreEnvSchema, { ADMIN_USER_IDS: 'U0ADMIN, 123456789012345678' }))]).toEqual(['U0ADMIN', '123456789012345678']);
    expect(adminIds(parseEnv(coreEnvSchema, {})).size).toBe(0);
    expect(() => parseEnv(coreEnvSchema, { ADMIN_USER_IDS: 'U0ADMIN; rm -rf' })).toThrow(/ADMIN_USER_IDS is invalid/);
  });
});
