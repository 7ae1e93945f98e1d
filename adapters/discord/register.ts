/**
 * Entry point of `npm run discord:register`: PUTs the slash commands to one guild when DISCORD_GUILD_ID
 * is set (they appear at once: for development), globally otherwise. A bulk overwrite, so running it
 * twice changes nothing. Exit codes: 0 done, 1 Discord refused, 2 bad configuration.
 */
import { REST } from 'discord.js';
import { createLogger } from '../../src/runtime/logger.js';
import { buildCommands, inviteUrl, registerCommands } from './commands.js';
import { exitWith, loadConfigOrExit } from './config.js';

const PROGRAM = 'discord:register';

async function main(): Promise<void> {
  const config = loadConfigOrExit(PROGRAM);
  const logger = createLogger({ level: config.LOG_LEVEL, name: 'discord-register' });
  const rest = new REST(config.DISCORD_API_URL ? { api: config.DISCORD_API_URL } : {}).setToken(config.DISCORD_TOKEN);
  const scope = config.DISCORD_GUILD_ID ? `guild ${config.DISCORD_GUILD_ID}` : 'global';
  const commands = buildCommands(config.MAX_QUESTION_LENGTH);
  const count = await registerCommands(rest, config.DISCORD_APPLICATION_ID, config.DISCORD_GUILD_ID, commands);
  logger.info({ surface: 'discord', scope, sent: commands.map((c) => c.name), registered: count }, 'slash commands registered');
  process.stdout.write(`Registered ${count} commands (${scope}): ${commands.map((c) => `/${c.name}`).join(', ')}\n`);
  process.stdout.write(`Invite the bot with: ${inviteUrl(config.DISCORD_APPLICATION_ID)}\n`);
}

main().catch((err: unknown) => exitWith(PROGRAM, `registration failed: ${err instanceof Error ? err.message : String(err)}`, 1));
