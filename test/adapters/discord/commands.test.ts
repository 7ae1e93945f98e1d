import { readFileSync } from 'node:fs';
import { ApplicationCommandOptionType, ApplicationCommandType, PermissionsBitField, type APIApplicationCommandOption } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { buildCommands, COMMANDS, commandsRoute, INVITE_PERMISSIONS, inviteUrl } from '../../../adapters/discord/commands.js';

// Discord's documented limits for application commands.
const NAME = /^[-_\p{L}\p{N}]{1,32}$/u;
const describeText = (text: string | undefined): boolean => typeof text === 'string' && text.length >= 1 && text.length <= 100;

/** Characters Discord counts toward a command's 4,000: names, descriptions, and choice names and values. */
function commandCharacters(command: (typeof COMMANDS)[number]): number {
  const optionCharacters = (o: APIApplicationCommandOption): number =>
    o.name.length +
    o.description.length +
    ('choices' in o && o.choices ? o.choices.reduce((n, c) => n + c.name.length + String(c.value).length, 0) : 0) +
    ('options' in o && o.options ? o.options.reduce((n: number, sub: APIApplicationCommandOption) => n + optionCharacters(sub), 0) : 0);
  return command.name.length + command.description.length + (command.options ?? []).reduce((n, o) => n + optionCharacters(o), 0);
}

describe('the registration payload', () => {
  it('registers exactly /ask, /clause, /topics, /sources and /help as chat-input commands', () => {
    expect(COMMANDS.map((c) => c.name)).toEqual(['ask', 'clause', 'compare', 'topics', 'sources', 'help']);
    for (const c of COMMANDS) expect(c.type).toBe(ApplicationCommandType.ChatInput);
  });

  it('uses lowercase names of 1-32 allowed characters and descriptions of 1-100', () => {
    for (const c of COMMANDS) {
      expect(c.name).toMatch(NAME);
      expect(c.name).toBe(c.name.toLowerCase());
      expect(describeText(c.description)).toBe(true);
      for (const o of c.options ?? []) {
        expect(o.name).toMatch(NAME);
        expect(o.name).toBe(o.name.toLowerCase());
        expect(describeText(o.description)).toBe(true);
      }
    }
  });

  it('stays within 25 options, 25 choices and 4,000 characters per command, with unique names', () => {
    expect(new Set(COMMANDS.map((c) => c.name)).size).toBe(COMMANDS.length);
    expect(COMMANDS.length).toBeLessThanOrEqual(100);
    for (const c of COMMANDS) {
      const options = c.options ?? [];
      expect(options.length).toBeLessThanOrEqual(25);
      expect(new Set(options.map((o) => o.name)).size).toBe(options.length);
      for (const o of options) if ('choices' in o && o.choices) expect(o.choices.length).toBeLessThanOrEqual(25);
      expect(commandCharacters(c)).toBeLessThanOrEqual(4000);
    }
  });

  it('lists required options before optional ones', () => {
    for (const c of COMMANDS) {
      const required = (c.options ?? []).map((o) => ('required' in o && o.required) === true);
      expect(required).toEqual([...required].sort((a, b) => Number(b) - Number(a)));
    }
  });

  it('declares /ask question:<text> [public:<bool>] and /clause id:<id> with autocomplete and no fixed choices', () => {
    const ask = COMMANDS.find((c) => c.name === 'ask')!;
    expect(ask.options?.map((o) => [o.name, o.type, 'required' in o && o.required])).toEqual([
      ['question', ApplicationCommandOptionType.String, true],
      ['public', ApplicationCommandOptionType.Boolean, false],
    ]);
    const id = COMMANDS.find((c) => c.name === 'clause')!.options?.[0];
    expect(id).toMatchObject({ name: 'id', type: ApplicationCommandOptionType.String, required: true, autocomplete: true });
    expect(id && 'choices' in id ? id.choices : undefined).toBeUndefined();
  });

  it('goes to one guild when a guild id is given and globally otherwise', () => {
    expect(commandsRoute('111111111111111111', '222222222222222222')).toBe('/applications/111111111111111111/guilds/222222222222222222/commands');
    expect(commandsRoute('111111111111111111')).toBe('/applications/111111111111111111/commands');
  });
});

describe('/ask max_length', () => {
  it('stops typing at MAX_QUESTION_LENGTH, so nobody types 600 characters to be refused', () => {
    const question = (commands: typeof COMMANDS) => commands.find((c) => c.name === 'ask')!.options!.find((o) => o.name === 'question') as { max_length?: number };
    expect(question(COMMANDS).max_length).toBe(500);
    expect(question(buildCommands(120)).max_length).toBe(120);
    expect(question(buildCommands(10_000)).max_length).toBe(6000);
  });
});

describe('the invite', () => {
  it('asks for the bot and applications.commands scopes and only Send Messages, Embed Links, Create Public Threads and Send Messages in Threads', () => {
    const url = new URL(inviteUrl('123456789012345678'));
    expect(url.searchParams.get('client_id')).toBe('123456789012345678');
    expect(url.searchParams.get('scope')).toBe('bot applications.commands');
    const permissions = new PermissionsBitField(BigInt(url.searchParams.get('permissions')!));
    expect(permissions.toArray().sort()).toEqual(['CreatePublicThreads', 'EmbedLinks', 'SendMessages', 'SendMessagesInThreads']);
    expect(INVITE_PERMISSIONS).toHaveLength(4);
  });

  it('is the URL the README shows', () => {
    const readme = readFileSync(new URL('../../../adapters/discord/README.md', import.meta.url), 'utf8');
    expect(readme).toContain(inviteUrl('APPLICATION_ID'));
  });
});
