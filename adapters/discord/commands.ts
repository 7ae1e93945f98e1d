import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  OAuth2Scopes,
  PermissionFlagsBits,
  Routes,
  type REST,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';

/** Names of the slash commands and of their options, shared by the payload and the handlers. */
export const Command = {
  Ask: 'ask',
  Clause: 'clause',
  Compare: 'compare',
  Topics: 'topics',
  Sources: 'sources',
  Help: 'help',
} as const;

/** Option names of the slash commands. */
export const Option = {
  Question: 'question',
  Public: 'public',
  Id: 'id',
  Topic: 'topic',
} as const;

/**
 * The registration payload, as data: what `npm run discord:register` PUTs to Discord. It carries neither
 * `contexts` nor `integration_types`, so that the same body is valid for guild and global registration
 * (Discord's defaults allow guilds and the bot's DMs).
 */
export function buildCommands(maxQuestionLength = 500): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
  return [
    {
      type: ApplicationCommandType.ChatInput,
      name: Command.Ask,
      description: 'Ask about the draft peace plan; the answer quotes the clauses that bear on it.',
      options: [
        {
          type: ApplicationCommandOptionType.String,
          name: Option.Question,
          description: 'Your question, e.g. "What does the plan say about NATO?"',
          required: true,
          // Discord stops the typing at the limit the core would refuse past (MAX_QUESTION_LENGTH; Discord allows 6000).
          max_length: Math.min(maxQuestionLength, 6000),
        },
        {
          type: ApplicationCommandOptionType.Boolean,
          name: Option.Public,
          description: 'Show the answer to the whole channel (default: only to you, unless the server says otherwise).',
          required: false,
        },
      ],
    },
    {
      type: ApplicationCommandType.ChatInput,
      name: Command.Clause,
      description: 'Show a point of the plan, or one passage by its citation id.',
      options: [
        {
          type: ApplicationCommandOptionType.String,
          name: Option.Id,
          description: 'Point number or citation id, e.g. 10, plan-article:7.2 or 7.2',
          required: true,
          autocomplete: true,
        },
      ],
    },
    {
      type: ApplicationCommandType.ChatInput,
      name: Command.Compare,
      description: 'Compare what each version of the plan says about a subject, newest first.',
      options: [{ type: ApplicationCommandOptionType.String, name: Option.Topic, description: 'The subject, e.g. "army cap" or "elections"', required: true, max_length: 200 }],
    },
    { type: ApplicationCommandType.ChatInput, name: Command.Topics, description: 'List the topics the corpus covers.' },
    { type: ApplicationCommandType.ChatInput, name: Command.Sources, description: 'List the documents the answers quote.' },
    { type: ApplicationCommandType.ChatInput, name: Command.Help, description: 'How to ask, with examples.' },
  ];
}

/** The registration payload with the default question length (500). */
export const COMMANDS: readonly RESTPostAPIChatInputApplicationCommandsJSONBody[] = buildCommands();

/** Where the commands go: one guild (instant, for development) or every guild and DM (global). */
export function commandsRoute(applicationId: string, guildId?: string): `/${string}` {
  return guildId ? Routes.applicationGuildCommands(applicationId, guildId) : Routes.applicationCommands(applicationId);
}

/**
 * Registers {@link COMMANDS} with a bulk overwrite (PUT), which replaces the whole set: running it twice
 * leaves the same commands, and a command dropped from the payload disappears from Discord.
 *
 * @returns how many commands Discord now has in that scope.
 */
export async function registerCommands(rest: REST, applicationId: string, guildId?: string, commands: readonly RESTPostAPIChatInputApplicationCommandsJSONBody[] = COMMANDS): Promise<number> {
  const registered = await rest.put(commandsRoute(applicationId, guildId), { body: commands });
  return Array.isArray(registered) ? registered.length : 0;
}

/**
 * The only permissions the bot needs: post answers, show their quotes as embeds (outside interaction
 * replies Discord drops embeds without Embed Links), open a thread on a question, post in threads.
 */
export const INVITE_PERMISSIONS = [
  PermissionFlagsBits.SendMessages,
  PermissionFlagsBits.EmbedLinks,
  PermissionFlagsBits.CreatePublicThreads,
  PermissionFlagsBits.SendMessagesInThreads,
] as const;

/** The OAuth2 scopes of the invite: the bot user, and its slash commands. */
export const INVITE_SCOPES = [OAuth2Scopes.Bot, OAuth2Scopes.ApplicationsCommands] as const;

/** The URL that adds the bot to a server with {@link INVITE_SCOPES} and {@link INVITE_PERMISSIONS}. */
export function inviteUrl(applicationId: string): string {
  const permissions = INVITE_PERMISSIONS.reduce((all, p) => all | p, 0n);
  const query = new URLSearchParams({ client_id: applicationId, scope: INVITE_SCOPES.join(' '), permissions: permissions.toString() });
  return `https://discord.com/oauth2/authorize?${query.toString()}`;
}
