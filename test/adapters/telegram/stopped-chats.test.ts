/**
 * Operational honesty: a group that removed the bot and a user who blocked it are logged and marked,
 * and the bot stops sending there until the chat writes to it again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capturingLogger, sentTo, startHarness, type Harness } from './harness.js';

let h: Harness;
const log = capturingLogger();

beforeAll(async () => {
  h = await startHarness({ logger: log.logger });
});
afterAll(async () => {
  await h?.close();
});

const sendsTo = (chat: number): number => h.fake.callsOf('sendMessage').filter((c) => c.body.chat_id === chat).length;

describe('Telegram chats the bot may no longer write to', () => {
  it('stops answering in a group after being kicked (my_chat_member), and logs it', async () => {
    const group = -1_000_000_006_001;
    h.fake.push(h.fake.myChatMember(group, 'kicked'));
    await log.waitFor('chat marked: the bot stops sending to it', (l) => l.chatId === String(group) && l.reason === 'kicked');
    // Updates already queued for the group (here a mention sent just before the kick) go unanswered.
    const [late] = h.fake.push(h.fake.mention('what does it say about NATO?', { chatId: group }));
    await log.waitFor('question handled', (l) => l.ref === `${group}/${late!.message!.message_id}`);
    expect(log.lines().find((l) => l.msg === 'question handled' && l.ref === `${group}/${late!.message!.message_id}`)).toMatchObject({ delivered: false, reason: 'chat marked kicked' });
    expect(sendsTo(group)).toBe(0);
  });

  it('marks a user who blocked the bot (403 on send), and answers again once they write after unblocking it', async () => {
    const chat = 6002;
    h.fake.block(chat);
    h.fake.push(h.fake.message('what does it say about NATO?', { chatId: chat }));
    await log.waitFor('chat marked: the bot stops sending to it', (l) => l.chatId === String(chat) && l.reason === 'blocked');
    expect(sendsTo(chat)).toBe(1);
    // The user unblocks the bot and asks again: the mark is lifted and the answer goes out.
    h.fake.unblock(chat);
    h.fake.push(h.fake.message('what does it say about Crimea?', { chatId: chat }));
    await log.waitFor('chat reachable again', (l) => l.chatId === String(chat));
    await h.fake.waitForCall((c) => c.method === 'sendMessage' && c.body.chat_id === chat && String(c.body.text).includes('plan-article:13.1'));
    expect(sendsTo(chat)).toBe(2);
  });

  it('writes to a chat again once it is re-added', async () => {
    const group = -1_000_000_006_003;
    h.fake.push(h.fake.myChatMember(group, 'left'));
    await log.waitFor('chat marked: the bot stops sending to it', (l) => l.chatId === String(group) && l.reason === 'left');
    h.fake.push(h.fake.myChatMember(group, 'member'));
    await log.waitFor('chat reachable again', (l) => l.chatId === String(group));
    h.fake.push(h.fake.mention('what does it say about NATO?', { chatId: group }));
    expect(String((await sentTo(h.fake, group)).body.text)).toContain('plan-article:7.2');
  });
});
