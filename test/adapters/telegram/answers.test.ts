/**
 * The Telegram bot end to end: the real grammY client, long polling the fake Bot API on 127.0.0.1.
 * Where it answers (private chats; groups only when mentioned, replied to or commanded), what the
 * answer holds, inline mode, follow-ups, escaping, 429s and duplicate updates.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMAND_MENU } from '../../../adapters/telegram/commands.js';
import { capturingLogger, startHarness, sentTo, textOf, type Harness } from './harness.js';
import { FAKE_BOT, type JsonObject } from './fake-telegram.js';

let h: Harness;
const log = capturingLogger();

beforeAll(async () => {
  h = await startHarness({ logger: log.logger });
});
afterAll(async () => {
  await h?.close();
});

/** Each test talks in its own chats, so that their answers cannot be mistaken for each other. */
let nextChat = 2000;
const privateChat = (): number => ++nextChat;
const groupChat = (): number => -1_000_000_000_000 - ++nextChat;

describe('Telegram answers', () => {
  it('registers /start, /help, /topics and /clause in English, Ukrainian and Russian at start-up', () => {
    const menus = h.fake.callsOf('setMyCommands').map((c) => ({ lang: c.body.language_code, commands: (c.body.commands as { command: string }[]).map((x) => x.command) }));
    expect(menus.map((m) => m.lang)).toEqual([undefined, 'uk', 'ru']);
    for (const m of menus) expect(m.commands).toEqual(expect.arrayContaining(['start', 'help', 'topics', 'clause']));
    expect(h.fake.callsOf('setMyCommands')[1]!.body.commands).toEqual(COMMAND_MENU.uk);
  });

  it('answers a private "what does it say about NATO?" with the NATO clauses, each cited by id, the attribution once', async () => {
    const chat = privateChat();
    h.fake.push(h.fake.message('what does it say about NATO?', { chatId: chat }));
    const sent = await sentTo(h.fake, chat);
    const text = textOf(sent);
    expect(sent.body.parse_mode).toBe('HTML');
    expect(text).toMatch(/^What the summary says about NATO:/);
    for (const id of ['plan-article:5.1', 'plan-article:7.2']) expect(text).toContain(`<code>${id}</code>`);
    // The clause is emphasised within its sentence.
    expect(text).toContain('The plan limits Ukraine’s military to 600,000 personnel, <b>prohibits NATO troop deployments in Ukraine</b>, and stations');
    expect(text.match(/Source: /g)).toHaveLength(1);
  });

  it('says nothing to a group message that does not mention the bot', async () => {
    const chat = groupChat();
    h.fake.push(h.fake.message('what does it say about NATO?', { chatId: chat }));
    // The handler has read the message and decided: nothing went to the group.
    await log.waitFor('message not for the bot', (l) => l.chatId === chat && l.why === 'group chatter not addressed to the bot');
    expect(h.fake.calls.filter((c) => c.body.chat_id === chat)).toEqual([]);
  });

  it('answers "@bot що буде з Кримом?" in a group with the Ukrainian lead and clause plan-article:13.1, as a reply', async () => {
    const chat = groupChat();
    const [update] = h.fake.push(h.fake.mention('що буде з Кримом?', { chatId: chat }));
    const sent = await sentTo(h.fake, chat);
    const text = textOf(sent);
    expect(text).toMatch(/^Один уривок у відповідь на «що буде з Кримом\?»:/);
    expect(text).toContain('<code>plan-article:13.1</code>');
    expect(text).toContain('Джерело: ');
    expect(sent.body.reply_parameters).toMatchObject({ message_id: update!.message!.message_id });
  });

  it('answers /ask in a group and /clause in a private chat', async () => {
    const group = groupChat();
    h.fake.push(h.fake.message(`/ask@${FAKE_BOT.username} are NATO troops allowed?`, { chatId: group, entities: [{ type: 'bot_command', offset: 0, length: 4 + 1 + FAKE_BOT.username.length }] }));
    expect(textOf(await sentTo(h.fake, group))).toContain('plan-article:7.2');
    const chat = privateChat();
    h.fake.push(h.fake.message('/clause 13.1', { chatId: chat, entities: [{ type: 'bot_command', offset: 0, length: 7 }] }));
    expect(textOf(await sentTo(h.fake, chat))).toContain('plan-article:13.1');
  });

  it('answers the inline query "NATO" with results whose message text holds the clause and its id', async () => {
    const [update] = h.fake.push(h.fake.inlineQuery('NATO'));
    const call = await h.fake.waitForCall((c) => c.method === 'answerInlineQuery' && c.body.inline_query_id === update!.inline_query!.id);
    const results = call.body.results as JsonObject[];
    expect(results.length).toBeGreaterThan(0);
    const ids = results.map((r) => r.id);
    expect(ids).toContain('plan-article:7.2');
    for (const r of results) {
      expect(r.type).toBe('article');
      const content = r.input_message_content as JsonObject;
      expect(content.parse_mode).toBe('HTML');
      expect(String(content.message_text)).toContain(`<code>${String(r.id)}</code>`);
      expect(String(content.message_text)).toContain('Source: ');
    }
    const troops = results.find((r) => r.id === 'plan-article:7.2')!;
    expect(String((troops.input_message_content as JsonObject).message_text)).toContain('<b>prohibits NATO troop deployments in Ukraine</b>');
  });

  it('continues the conversation when a reply to the answer says "tell me more"', async () => {
    const chat = groupChat();
    h.fake.push(h.fake.mention('what does it say about NATO?', { chatId: chat }));
    await sentTo(h.fake, chat);
    const answer = [...h.fake.messages.values()].find((m) => m.chatId === chat)!;
    const since = h.fake.calls.length;
    // A plain reply, no mention: replying to the bot is addressing it.
    h.fake.push(h.fake.message('tell me more', { chatId: chat, replyTo: h.fake.botMessage(chat, answer.messageId) }));
    const more = textOf(await sentTo(h.fake, chat, since));
    expect(more).toMatch(/^The whole \d paragraphs, with the clauses quoted before in bold:/);
    expect(more).toContain('<code>plan-article:7</code>');
  });

  it('escapes <script> and & from the question wherever the answer echoes it', async () => {
    const chat = privateChat();
    h.fake.push(h.fake.message('what about <script>alert(1)</script> & NATO?', { chatId: chat }));
    const text = textOf(await sentTo(h.fake, chat));
    expect(text).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; NATO');
    expect(text).not.toContain('<script>');
    // The fake parses HTML as Telegram does: the message was accepted.
    expect([...h.fake.messages.values()].some((m) => m.chatId === chat)).toBe(true);
  });

  it('retries a send refused with 429 after its retry_after', async () => {
    const chat = privateChat();
    h.fake.failNext('sendMessage', { error_code: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 } });
    h.fake.push(h.fake.message('what does it say about NATO?', { chatId: chat }));
    await h.fake.waitForCall((c) => c.method === 'sendMessage' && c.body.chat_id === chat && h.fake.callsOf('sendMessage').filter((x) => x.body.chat_id === chat).length === 2);
    const attempts = h.fake.callsOf('sendMessage').filter((c) => c.body.chat_id === chat);
    expect(attempts).toHaveLength(2);
    expect(attempts[1]!.body.text).toBe(attempts[0]!.body.text);
    expect([...h.fake.messages.values()].filter((m) => m.chatId === chat)).toHaveLength(1);
  });

  it('answers an update delivered twice with the same update_id once', async () => {
    const chat = privateChat();
    const update = h.fake.message('what does it say about NATO?', { chatId: chat });
    h.fake.push(update, update);
    await sentTo(h.fake, chat);
    await log.waitFor('update already handled', (l) => l.updateId === update.update_id);
    expect(h.fake.callsOf('sendMessage').filter((c) => c.body.chat_id === chat)).toHaveLength(1);
  });

  it('updates its answer with editMessageText when the question is edited', async () => {
    const chat = privateChat();
    const [first] = h.fake.push(h.fake.message('what does it say about NATO?', { chatId: chat }));
    await sentTo(h.fake, chat);
    const answer = [...h.fake.messages.values()].find((m) => m.chatId === chat)!;
    h.fake.push(h.fake.message('what does it say about Crimea?', { chatId: chat, messageId: first!.message!.message_id, edited: true }));
    const edit = await h.fake.waitForCall((c) => c.method === 'editMessageText' && c.body.chat_id === chat);
    expect(edit.body.message_id).toBe(answer.messageId);
    expect(textOf(edit)).toContain('plan-article:13.1');
    expect(h.fake.callsOf('sendMessage').filter((c) => c.body.chat_id === chat)).toHaveLength(1);
  });
});
