import type { AutocompleteInteraction, ChatInputCommandInteraction } from 'discord.js';
import { describe, expect, it } from 'vitest';
import type { HandlerContext } from '../../../adapters/discord/context.js';
import { handleAutocomplete, matchIds, questionFor } from '../../../adapters/discord/interactions.js';
import { createLogger } from '../../../src/runtime/logger.js';
import {  } from '../../../src/store/question-log.js';
import { numberedBot } from '../../helpers/numbered.js';

describe('autocomplete matching', () => {
  const ids = ['plan-article:1.1', 'plan-article:7.1', 'plan-article:7.2', 'plan-article:17.1', 'other:7.1'];

  it('puts ids whose document or local part starts with the input before ids merely containing it', () => {
    expect(matchIds(ids, '7.')).toEqual(['plan-article:7.1', 'plan-article:7.2', 'other:7.1', 'plan-article:17.1']);
    expect(matchIds(ids, 'OTH')).toEqual(['other:7.1']);
  });

  it('offers at most 25 ids and none longer than a choice value may be', () => {
    const many = Array.from({ length: 40 }, (_, i) => `doc:${i + 1}.1`);
    expect(matchIds(many, '')).toHaveLength(25);
    expect(matchIds([`doc:${'9'.repeat(120)}.1`, 'doc:9.1'], '9')).toEqual(['doc:9.1']);
  });
});

describe('autocomplete by passage words', () => {
  it('lists clauses whose passage has a word starting with the input, after id matches', () => {
    const text: Record<string, string> = { 'plan-article:5.1': 'not joining NATO', 'plan-article:7.2': 'prohibits NATO troop deployments', 'plan-article:1.1': 'senator' };
    expect(matchIds(Object.keys(text), 'nato', (id) => text[id])).toEqual(['plan-article:5.1', 'plan-article:7.2']);
    expect(matchIds(Object.keys(text), 'SEN', (id) => text[id])).toEqual(['plan-article:1.1']);
    expect(matchIds(Object.keys(text), 'ato', (id) => text[id])).toEqual([]);
  });
});

describe('points of the plan', () => {
  const bot = numberedBot(false);
  const ctx: HandlerContext = { bot, logger: createLogger({ level: 'silent' }), publicDefault: false, logQuestions: false };

  it('/clause autocomplete lists points as "10: title" before passage ids', async () => {
    let offered: { name: string; value: string }[] = [];
    const interaction = {
      commandName: 'clause',
      id: 'i1',
      options: { getFocused: () => ({ name: 'id', value: '10' }) },
      respond: async (choices: { name: string; value: string }[]) => {
        offered = choices;
      },
    } as unknown as AutocompleteInteraction;
    await handleAutocomplete(interaction, ctx);
    expect(offered[0]).toEqual({ name: '10: The American guarantee comes with conditions', value: 'plan-points:10' });
    expect(offered.map((c) => c.value)).toContain('plan-points:10.3');
    expect(offered.length).toBeLessThanOrEqual(25);
  });

  it('/compare asks the core to compare the topic', () => {
    const interaction = { commandName: 'compare', options: { getString: () => 'army cap' } } as unknown as ChatInputCommandInteraction;
    expect(questionFor(interaction)).toBe('compare army cap');
  });
});

describe('the question a slash command stands for', () => {
  const command = (commandName: string, value: string) => ({ commandName, options: { getString: () => value } }) as unknown as ChatInputCommandInteraction;

  it('strips ||spoiler|| markers and other markup from /clause and /compare, as from /ask', () => {
    expect(questionFor(command('ask', '||what about NATO?||'))).toBe('what about NATO?');
    expect(questionFor(command('clause', '||7.2||'))).toBe('clause 7.2');
    expect(questionFor(command('compare', '||NATO|| <@123456789012345678>'))).toBe('compare NATO');
  });
});
