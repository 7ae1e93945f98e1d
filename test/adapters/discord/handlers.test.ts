import { describe, expect, it } from 'vitest';
import { matchIds, stripMention } from '../../../adapters/discord/handlers.js';

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

describe('stripping the bot mention', () => {
  it('removes <@id> and <@!id> of the bot, and only those', () => {
    expect(stripMention('<@111> what about <@222> and NATO? <@!111>', '111')).toBe('what about <@222> and NATO?');
  });
});
