/**
 * The command menu Telegram shows when a user types `/`, in English (the default), Ukrainian and
 * Russian: Telegram picks the list by the user's `language_code`. Registered once at start-up, so the
 * menu always matches what {@link addressed} understands.
 */
import type { Api } from 'grammy';
import type { BotCommand } from 'grammy/types';
import type { Lang } from '../../src/language/lang.js';

/** Command descriptions (3-256 characters each, Telegram's rule) in each language. */
export const COMMAND_MENU: Record<Lang, BotCommand[]> = {
  en: [
    { command: 'start', description: 'What this bot does' },
    { command: 'help', description: 'How to ask, with examples' },
    { command: 'topics', description: 'Topics the plan covers' },
    { command: 'clause', description: 'Quote a clause by id, e.g. /clause 7.2' },
    { command: 'ask', description: 'Ask in a group, e.g. /ask what about NATO?' },
  ],
  uk: [
    { command: 'start', description: 'Що вміє цей бот' },
    { command: 'help', description: 'Як запитати, з прикладами' },
    { command: 'topics', description: 'Теми, яких стосується план' },
    { command: 'clause', description: 'Цитата пункту за номером, напр. /clause 7.2' },
    { command: 'ask', description: 'Запитати в групі, напр. /ask що про НАТО?' },
  ],
  ru: [
    { command: 'start', description: 'Что умеет этот бот' },
    { command: 'help', description: 'Как спросить, с примерами' },
    { command: 'topics', description: 'Темы, которых касается план' },
    { command: 'clause', description: 'Цитата пункта по номеру, напр. /clause 7.2' },
    { command: 'ask', description: 'Спросить в группе, напр. /ask что о НАТО?' },
  ],
};

/**
 * Registers the menu: English for everyone, Ukrainian and Russian for users whose app is set to them.
 * Sequential, since three calls are nothing and a failure names the language that failed.
 */
export async function registerCommands(api: Pick<Api, 'setMyCommands'>): Promise<void> {
  await api.setMyCommands(COMMAND_MENU.en);
  for (const lang of ['uk', 'ru'] as const) await api.setMyCommands(COMMAND_MENU[lang], { language_code: lang });
}
