/**
 * A fake Telegram Bot API on 127.0.0.1 for driving the real grammY client: `POST /bot<token>/<method>`
 * with JSON bodies, answered `{ ok, result }` or `{ ok: false, error_code, description, parameters }`
 * as Telegram does. It speaks getMe, getUpdates (long polling with offset), sendMessage (HTML parse
 * mode checked like Telegram: unknown or unbalanced tags and messages over 4,096 characters are 400s),
 * editMessageText, answerInlineQuery, answerCallbackQuery, setMyCommands, deleteWebhook and setWebhook.
 * A test queues updates, can make the next call to a method fail (a 429 with retry_after), and can mark
 * a chat as having blocked the bot (403). Every call is recorded.
 */
import { EventEmitter, once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Message, MessageEntity, Update } from 'grammy/types';

/** A JSON object as parsed from a request body. */
export type JsonObject = Record<string, unknown>;

/** One Bot API call the fake received. */
export interface RecordedCall {
  method: string;
  body: JsonObject;
}

/** A failure to return instead of the next call's result. */
export interface Failure {
  error_code: number;
  description: string;
  parameters?: { retry_after?: number };
}

/** The bot the fake pretends to be. */
export const FAKE_BOT = { id: 7_000_000_001, username: 'peace_plan_test_bot', first_name: 'Peace plan' } as const;
/** A well-formed token the fake accepts (any other gets 401, as a revoked token does). */
export const FAKE_TOKEN = '7000000001:AAFakeTokenForTestsOnly_abcdefghijklm';

const ALLOWED_TAGS = new Set(['b', 'strong', 'i', 'em', 'u', 'ins', 's', 'strike', 'del', 'a', 'code', 'pre', 'tg-spoiler', 'span', 'blockquote']);

/**
 * Parses HTML the way the Bot API's HTML mode does, enough to catch what a bot can get wrong: a `<`
 * that starts no known tag, an unknown entity, unbalanced tags. Returns the visible text, or the error.
 */
export function parseTelegramHtml(html: string): { ok: true; text: string } | { ok: false; error: string } {
  const stack: string[] = [];
  let text = '';
  for (let i = 0; i < html.length; ) {
    const c = html[i]!;
    if (c === '<') {
      const m = /^<(\/?)([a-z-]+)(\s[^<>]*)?>/.exec(html.slice(i));
      if (!m || !ALLOWED_TAGS.has(m[2]!)) return { ok: false, error: `can't parse entities: unsupported start tag at byte offset ${i}` };
      if (m[1]) {
        if (stack.pop() !== m[2]) return { ok: false, error: `can't parse entities: unmatched end tag at byte offset ${i}` };
      } else stack.push(m[2]!);
      i += m[0].length;
    } else if (c === '&') {
      const m = /^&(lt|gt|amp|quot|#\d+|#x[0-9a-f]+);/i.exec(html.slice(i));
      if (!m) return { ok: false, error: `can't parse entities: unsupported entity at byte offset ${i}` };
      const name = m[1]!.toLowerCase();
      text += name === 'lt' ? '<' : name === 'gt' ? '>' : name === 'amp' ? '&' : name === 'quot' ? '"' : String.fromCodePoint(name.startsWith('#x') ? parseInt(name.slice(2), 16) : Number(name.slice(1)));
      i += m[0].length;
    } else if (c === '>') {
      return { ok: false, error: `can't parse entities: unexpected > at byte offset ${i}` };
    } else {
      text += c;
      i += 1;
    }
  }
  if (stack.length) return { ok: false, error: `can't parse entities: can't find end tag corresponding to start tag "${stack[stack.length - 1]}"` };
  return { ok: true, text };
}

/** The fake Bot API. Start it, give grammY `apiRoot`, queue updates, then inspect {@link calls}. */
export class FakeTelegram {
  readonly calls: RecordedCall[] = [];
  /** Emits `call` with each {@link RecordedCall} as it arrives (the benchmark times answers by it). */
  readonly events = new EventEmitter().setMaxListeners(0);
  readonly token = FAKE_TOKEN;
  private readonly queue: Update[] = [];
  private readonly waiters = new Set<() => void>();
  private readonly failures = new Map<string, Failure[]>();
  private readonly blocked = new Set<number>();
  /** Messages the bot sent or edited, by `chat:message_id`, with their HTML. */
  readonly messages = new Map<string, { chatId: number; messageId: number; html: string }>();
  private nextUpdateId = 100_000;
  private nextMessageId = 5_000;
  private server!: Server;
  apiRoot = '';

  /** Starts the fake on a free port of 127.0.0.1. */
  static async start(): Promise<FakeTelegram> {
    const fake = new FakeTelegram();
    fake.server = createServer((req, res) => void fake.route(req, res));
    fake.server.listen(0, '127.0.0.1');
    await once(fake.server, 'listening');
    fake.apiRoot = `http://127.0.0.1:${(fake.server.address() as AddressInfo).port}`;
    return fake;
  }

  async close(): Promise<void> {
    for (const wake of this.waiters) wake();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Queues updates for getUpdates, all at once (so one poll may return them together). Returns them with their ids. */
  push(...updates: Update[]): Update[] {
    this.queue.push(...updates);
    for (const wake of this.waiters) wake();
    return updates;
  }

  /** The next call(s) to `method` fail with `failure`, once per failure given. */
  failNext(method: string, ...failures: Failure[]): void {
    this.failures.set(method, [...(this.failures.get(method) ?? []), ...failures]);
  }

  /** Sends to `chatId` fail with 403, as after a user blocks the bot. */
  block(chatId: number): void {
    this.blocked.add(chatId);
  }

  /** The user unblocked the bot: sends to `chatId` succeed again. */
  unblock(chatId: number): void {
    this.blocked.delete(chatId);
  }

  /** Recorded calls of one method. */
  callsOf(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Waits for a recorded call matching `predicate` (already made or to come). */
  waitForCall(predicate: (c: RecordedCall) => boolean, timeoutMs = 10_000): Promise<RecordedCall> {
    const found = this.calls.find(predicate);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const onCall = (c: RecordedCall): void => {
        if (!predicate(c)) return;
        clearTimeout(timer);
        this.events.off('call', onCall);
        resolve(c);
      };
      const timer = setTimeout(() => {
        this.events.off('call', onCall);
        reject(new Error(`no matching call within ${timeoutMs} ms; calls: ${this.calls.map((c) => c.method).join(', ')}`));
      }, timeoutMs);
      this.events.on('call', onCall);
    });
  }

  // --- update builders -------------------------------------------------------------------------

  /** A fresh update id. */
  updateId(): number {
    return ++this.nextUpdateId;
  }

  /** A text message update from `user` in `chat` (a positive id is a private chat, negative a supergroup). */
  message(text: string, options: { chatId?: number; userId?: number; languageCode?: string; entities?: MessageEntity[]; replyTo?: Message; edited?: boolean; messageId?: number } = {}): Update {
    const userId = options.userId ?? 42;
    const chatId = options.chatId ?? userId;
    const chat = chatId > 0 ? { id: chatId, type: 'private' as const, first_name: 'Olena' } : { id: chatId, type: 'supergroup' as const, title: 'Test group' };
    const message = {
      message_id: options.messageId ?? ++this.nextMessageId,
      date: 1_764_000_000,
      chat,
      from: { id: userId, is_bot: false, first_name: 'Olena', ...(options.languageCode ? { language_code: options.languageCode } : {}) },
      text,
      ...(options.entities ? { entities: options.entities } : {}),
      ...(options.replyTo ? { reply_to_message: options.replyTo } : {}),
      ...(options.edited ? { edit_date: 1_764_000_060 } : {}),
    } as Message;
    return (options.edited ? { update_id: this.updateId(), edited_message: message } : { update_id: this.updateId(), message }) as Update;
  }

  /** A group message that mentions the bot by @username at its start. */
  mention(text: string, options: { chatId?: number; userId?: number } = {}): Update {
    const at = `@${FAKE_BOT.username}`;
    return this.message(`${at} ${text}`, { chatId: options.chatId ?? -100_123, ...options, entities: [{ type: 'mention', offset: 0, length: at.length }] });
  }

  /** The bot's message as a `reply_to_message` (what a user's reply carries). */
  botMessage(chatId: number, messageId: number): Message {
    const chat = chatId > 0 ? { id: chatId, type: 'private' as const, first_name: 'Olena' } : { id: chatId, type: 'supergroup' as const, title: 'Test group' };
    return { message_id: messageId, date: 1_764_000_000, chat, from: { id: FAKE_BOT.id, is_bot: true, first_name: FAKE_BOT.first_name, username: FAKE_BOT.username }, text: 'answer' } as Message;
  }

  inlineQuery(query: string, userId = 42): Update {
    return { update_id: this.updateId(), inline_query: { id: `iq${this.nextUpdateId}`, from: { id: userId, is_bot: false, first_name: 'Olena' }, query, offset: '' } };
  }

  callbackQuery(data: string, message: Message, userId = 42, languageCode = 'en'): Update {
    return {
      update_id: this.updateId(),
      callback_query: { id: `cb${this.nextUpdateId}`, from: { id: userId, is_bot: false, first_name: 'Olena', language_code: languageCode }, chat_instance: 'ci', data, message },
    };
  }

  /** The bot's membership in a chat changed to `status` (kicked, left, member). */
  myChatMember(chatId: number, status: 'kicked' | 'left' | 'member'): Update {
    const chat = chatId > 0 ? { id: chatId, type: 'private' as const, first_name: 'Olena' } : { id: chatId, type: 'supergroup' as const, title: 'Test group' };
    const bot = { id: FAKE_BOT.id, is_bot: true, first_name: FAKE_BOT.first_name, username: FAKE_BOT.username };
    const member = status === 'kicked' ? { status, user: bot, until_date: 0 } : { status, user: bot };
    return {
      update_id: this.updateId(),
      my_chat_member: { chat, from: { id: 42, is_bot: false, first_name: 'Olena' }, date: 1_764_000_000, old_chat_member: { status: 'member', user: bot }, new_chat_member: member },
    } as Update;
  }

  // --- the server ---------------------------------------------------------------------------------

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const m = /^\/bot([^/]+)\/(\w+)$/.exec(req.url ?? '');
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (!m) return this.send(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
    if (m[1] !== this.token) return this.send(res, 401, { ok: false, error_code: 401, description: 'Unauthorized' });
    const method = m[2]!;
    const raw = Buffer.concat(chunks).toString('utf8');
    const body = (raw ? JSON.parse(raw) : {}) as JsonObject;
    if (method === 'getUpdates') return this.getUpdates(body, res);
    const call = { method, body };
    this.calls.push(call);
    this.events.emit('call', call);
    const failure = this.failures.get(method)?.shift();
    if (failure) return this.send(res, failure.error_code, { ok: false, ...failure });
    const result = this.answer(method, body);
    if ('error_code' in result) return this.send(res, result.error_code, { ok: false, ...result });
    return this.send(res, 200, { ok: true, result: result.result });
  }

  private answer(method: string, body: JsonObject): { result: unknown } | Failure {
    switch (method) {
      case 'getMe':
        return { result: { ...FAKE_BOT, is_bot: true, can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: true } };
      case 'sendMessage':
      case 'editMessageText': {
        const chatId = Number(body.chat_id);
        if (this.blocked.has(chatId)) return { error_code: 403, description: chatId > 0 ? 'Forbidden: bot was blocked by the user' : 'Forbidden: bot was kicked from the supergroup chat' };
        const html = String(body.text ?? '');
        const parsed = body.parse_mode === 'HTML' ? parseTelegramHtml(html) : { ok: true as const, text: html };
        if (!parsed.ok) return { error_code: 400, description: `Bad Request: ${parsed.error}` };
        if (parsed.text.length > 4096) return { error_code: 400, description: 'Bad Request: message is too long' };
        if (parsed.text.trim() === '') return { error_code: 400, description: 'Bad Request: message text is empty' };
        let messageId: number;
        if (method === 'editMessageText') {
          messageId = Number(body.message_id);
          const earlier = this.messages.get(`${chatId}:${messageId}`);
          if (!earlier) return { error_code: 400, description: 'Bad Request: message to edit not found' };
          if (earlier.html === html) return { error_code: 400, description: 'Bad Request: message is not modified' };
        } else messageId = ++this.nextMessageId;
        this.messages.set(`${chatId}:${messageId}`, { chatId, messageId, html });
        const chat = chatId > 0 ? { id: chatId, type: 'private', first_name: 'Olena' } : { id: chatId, type: 'supergroup', title: 'Test group' };
        return { result: { message_id: messageId, date: 1_764_000_001, chat, from: { id: FAKE_BOT.id, is_bot: true, first_name: FAKE_BOT.first_name, username: FAKE_BOT.username }, text: parsed.text } };
      }
      case 'answerInlineQuery': {
        for (const r of (body.results as JsonObject[] | undefined) ?? []) {
          const content = r.input_message_content as JsonObject | undefined;
          const parsed = parseTelegramHtml(String(content?.message_text ?? ''));
          if (!parsed.ok) return { error_code: 400, description: `Bad Request: ${parsed.error}` };
        }
        return { result: true };
      }
      case 'answerCallbackQuery':
      case 'setMyCommands':
      case 'deleteWebhook':
      case 'setWebhook':
        return { result: true };
      default:
        return { error_code: 404, description: 'Not Found: method not found' };
    }
  }

  /** Long polling: confirmed updates (id < offset) are dropped; the rest are returned, or awaited up to `timeout` seconds. */
  private getUpdates(body: JsonObject, res: ServerResponse): void {
    const offset = Number(body.offset ?? 0);
    const limit = Number(body.limit ?? 100) || 100;
    const timeoutMs = Math.min(Number(body.timeout ?? 0), 30) * 1000;
    const pending = (): Update[] => {
      while (this.queue.length && this.queue[0]!.update_id < offset) this.queue.shift();
      return this.queue.slice(0, limit);
    };
    if (pending().length || timeoutMs === 0) return this.send(res, 200, { ok: true, result: pending() });
    const reply = (): void => {
      this.waiters.delete(wake);
      clearTimeout(timer);
      this.send(res, 200, { ok: true, result: pending() });
    };
    // Wake on the next push, after the pushing code has queued everything it pushes in that call.
    const wake = (): void => void setImmediate(reply);
    const timer = setTimeout(reply, timeoutMs);
    this.waiters.add(wake);
    res.on('close', () => {
      clearTimeout(timer);
      this.waiters.delete(wake);
    });
  }

  private send(res: ServerResponse, status: number, body: unknown): void {
    if (res.writableEnded) return;
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  }
}
