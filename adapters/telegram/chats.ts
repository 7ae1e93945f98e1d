/**
 * Chats the bot must stop writing to: groups it was removed from (my_chat_member: kicked or left) and
 * users who blocked it (403 on send). Sending there again only earns more 403s, which Telegram counts
 * against a bot. A chat is reachable again when it is re-added or writes to the bot.
 */
import type { Logger } from '../../src/runtime/logger.js';

/** Why a chat was marked. */
export type StopReason = 'kicked' | 'left' | 'blocked';

/** Marked chats, in this process's memory, bounded (the oldest marks are forgotten first). */
export class StoppedChats {
  private readonly marks = new Map<string, StopReason>();

  constructor(
    private readonly logger: Logger,
    private readonly max = 10_000,
  ) {}

  /** Marks a chat; sends to it are skipped from now on. */
  stop(chatId: number | string, reason: StopReason): void {
    const key = String(chatId);
    if (this.marks.get(key) === reason) return;
    this.marks.delete(key);
    this.marks.set(key, reason);
    while (this.marks.size > this.max) this.marks.delete(this.marks.keys().next().value!);
    this.logger.info({ surface: 'telegram', chatId: key, reason }, 'chat marked: the bot stops sending to it');
  }

  /** Unmarks a chat that can be reached again. */
  resume(chatId: number | string): void {
    if (this.marks.delete(String(chatId))) this.logger.info({ surface: 'telegram', chatId: String(chatId) }, 'chat reachable again');
  }

  /** Why the bot may not send to a chat, or undefined when it may. */
  reason(chatId: number | string): StopReason | undefined {
    return this.marks.get(String(chatId));
  }
}
