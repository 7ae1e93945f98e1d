/**
 * The real grammY bot (createTelegramBot) against the fake Bot API, in this process: long polling by
 * default, or handing updates in as a webhook would. One corpus load per test file.
 */
import { createTelegramBot, type TelegramBot, type TelegramBotOptions } from '../../../adapters/telegram/client.js';
import { PlanBot } from '../../../src/dialogue/bot.js';
import { createLogger, type Logger } from '../../../src/runtime/logger.js';
import { MemoryState } from '../../../src/state/memory-state.js';
import type { SharedState } from '../../../src/state/shared-state.js';
import { FakeTelegram, type RecordedCall } from './fake-telegram.js';

let loaded: PlanBot | undefined;
/** The bundled corpus's bot, without per-user limits (tests ask many questions as one user). */
export function planBot(): PlanBot {
  return (loaded ??= PlanBot.load({ rateLimit: { perMinute: 0 } }));
}

/** A running bot and its fake. */
export interface Harness {
  fake: FakeTelegram;
  telegram: TelegramBot;
  state: SharedState;
  close(): Promise<void>;
}

/** Starts the fake and a bot against it; `polling: false` leaves updates to `telegram.handleUpdate`. */
export async function startHarness(options: Partial<Omit<TelegramBotOptions, 'config'>> & { polling?: boolean; fake?: FakeTelegram } = {}): Promise<Harness> {
  const fake = options.fake ?? (await FakeTelegram.start());
  const state = options.state ?? new MemoryState({ perMinute: 0 });
  const telegram = createTelegramBot({
    config: { TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot, TELEGRAM_SENDS_PER_SECOND: 1000, LOG_QUESTIONS: false },
    bot: options.bot ?? planBot(),
    logger: options.logger ?? createLogger({ level: 'silent' }),
    state,
    store: options.store,
    conversations: options.conversations,
    ...(options.throttle ? { throttle: options.throttle } : {}),
    ...(options.retry ? { retry: options.retry } : {}),
  });
  await telegram.init();
  if (options.polling !== false) await telegram.startPolling();
  return {
    fake,
    telegram,
    state,
    async close() {
      await telegram.stop();
      if (!options.fake) await fake.close();
    },
  };
}

/** The text of a sendMessage call. */
export const textOf = (call: RecordedCall): string => String(call.body.text ?? '');

/** Waits for the bot's first sendMessage to `chatId` after `since` calls were recorded. */
export function sentTo(fake: FakeTelegram, chatId: number, since = 0): Promise<RecordedCall> {
  return fake.waitForCall((c) => c.method === 'sendMessage' && c.body.chat_id === chatId && fake.calls.indexOf(c) >= since);
}

/** A debug logger whose lines a test can wait for (the sync point for "nothing was sent"). */
export function capturingLogger(): { logger: Logger; lines: () => Record<string, unknown>[]; waitFor(msg: string, where?: (l: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> } {
  const raw: string[] = [];
  const logger = createLogger({ level: 'debug', destination: { write: (line: string) => void raw.push(line) } });
  const lines = (): Record<string, unknown>[] => raw.join('').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
  return {
    logger,
    lines,
    async waitFor(msg, where = () => true) {
      const until = Date.now() + 10_000;
      for (;;) {
        const found = lines().find((l) => l.msg === msg && where(l));
        if (found) return found;
        if (Date.now() > until) throw new Error(`not logged: ${msg}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
  };
}
