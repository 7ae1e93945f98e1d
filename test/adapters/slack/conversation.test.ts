/**
 * Slack as people really use it, over the real Bolt app and the fake Web API: markup in mentions,
 * refusals in place, threads that carry a conversation, edits (also across a restart), DMs with
 * files or "also sent to conversation", and a Share in channel whose response_url is dead.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/runtime/logger.js';
import { JsonFileStore, openConversationStore } from '../../../src/state/conversation-store.js';
import { say } from '../../../src/wording/strings.js';
import type { ApiCall } from './fake-slack.js';
import { blockAction, nextTs, startHarness, type Harness } from './harness.js';

let h: Harness;
let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'slack-conv-'));
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
  rmSync(dir, { recursive: true, force: true });
});

const mention = (text: string, ts: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  type: 'app_mention', user: 'U0ASKER', text, ts, event_ts: ts, channel: 'C0CHANNEL', team: 'T0FAKE', ...extra,
});
const dm = (text: string, ts: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  type: 'message', channel_type: 'im', user: 'U0ASKER', text, ts, event_ts: ts, channel: 'D0DIRECT', team: 'T0FAKE', ...extra,
});
const text = (call: ApiCall): string => JSON.stringify(call.args);
const posts = (harness: Harness, channel: string, threadTs: string | undefined): ApiCall[] =>
  harness.fake.callsTo('chat.postMessage').filter((c) => c.args.channel === channel && c.args.thread_ts === threadTs);
let events = 0;
const send = (harness: Harness, event: Record<string, unknown>): Promise<Response> => harness.sender.event(event, `Ev-conv-${++events}`);

/** Sends a mention and resolves with the bot's next post anywhere in the channel. */
async function ask(harness: Harness, event: Record<string, unknown>): Promise<ApiCall> {
  const before = harness.fake.callsTo('chat.postMessage').length;
  await send(harness, event);
  return harness.fake.waitFor(() => harness.fake.callsTo('chat.postMessage')[before], `an answer to ${String(event.text)}`);
}

/** The visible text of a post: its blocks' texts, in order. */
function shown(call: ApiCall): string {
  const blocks = (call.args.blocks ?? []) as { text?: { text: string }; elements?: { text?: string }[] }[];
  return blocks.map((b) => b.text?.text ?? (b.elements ?? []).map((e) => e.text ?? '').join(' ')).join('\n');
}

describe('markup', () => {
  const plain = 'what does it say about NATO?';
  const cluttered = [
    `<@UBOT> ${plain} cc <@U123ABC>`,
    `<#C0123|general> <@UBOT> ${plain} <!subteam^S0123|@policy-team>`,
    `<@UBOT> ${plain} <https://apnews.com/x|apnews.com> :pray: :flag-ua:`,
    `:wave::skin-tone-3: <@UBOT|peace-plan-bot> ${plain} <!here> <https://apnews.com/x>`,
    `<@U999> <@UBOT> ${plain} /cc <@U123ABC>, <@U456DEF> :+1:`,
  ];

  it('answers a mention carrying users, channels, groups, links and emoji exactly as the same question without them', async () => {
    const expected = await ask(h, mention(`<@UBOT> ${plain}`, nextTs()));
    expect(shown(expected)).toContain('plan-article:7.2');
    for (const raw of cluttered) {
      const got = await ask(h, mention(raw, nextTs()));
      expect({ blocks: got.args.blocks, text: got.args.text }, raw).toEqual({ blocks: expected.args.blocks, text: expected.args.text });
    }
  });

  it('answers a refusal in place, without opening a thread on the question', async () => {
    const ts = nextTs();
    const post = await ask(h, mention('<@UBOT> what about bananas? cc <@U123ABC>', ts));
    expect(post.args.thread_ts).toBeUndefined();
    expect(shown(post)).not.toContain('U123ABC');
    expect(shown(post)).not.toContain(say('en', 'adapter.hint.mention'));
  });
});

describe('a thread carries a conversation', () => {
  it('answers "tell me more", "source?" and an elliptical follow-up from the thread, each ending with how to ask more', async () => {
    const root = nextTs();
    const first = await ask(h, mention('<@UBOT> What does the plan say about NATO?', root));
    expect(first.args.thread_ts).toBe(root);
    const hint = say('en', 'adapter.hint.mention');
    expect(shown(first).split('\n').at(-1)).toBe(hint);

    const more = await ask(h, mention('<@UBOT> tell me more', nextTs(), { thread_ts: root }));
    expect(more.args.thread_ts).toBe(root);
    expect(shown(more)).toContain('The plan limits Ukraine’s military to 600,000 personnel, *prohibits NATO troop deployments in Ukraine*, and stations European fighter jets in Poland.');
    expect(shown(more).split('\n').at(-1)).toBe(hint);

    const source = await ask(h, mention('<@UBOT> source?', nextTs(), { thread_ts: root }));
    expect(shown(source)).toContain('Associated Press');

    const elliptical = await ask(h, mention('<@UBOT> and for Russia?', nextTs(), { thread_ts: root }));
    expect(shown(elliptical)).toContain('NATO');
    // "what about Crimea?" names its own subject: a new question, not NATO again (issue 22.1).
    const crimea = await ask(h, mention('<@UBOT> what about Crimea then?', nextTs(), { thread_ts: root }));
    expect(shown(crimea)).toContain('plan-article:13.1');
    expect(shown(crimea)).not.toContain('NATO');
  });

  it('keeps a DM as one conversation, where replying is how to ask more', async () => {
    const first = await ask(h, dm('Is Crimea recognized as Russian?', nextTs()));
    expect(shown(first).split('\n').at(-1)).toBe(say('en', 'adapter.hint.reply'));
    const more = await ask(h, dm('more', nextTs()));
    expect(shown(more)).toContain('Kherson and Zaporizhzhia would be frozen along the current line of contact.');
  });
});

describe('what the conversation file holds (issue 22.4)', () => {
  it('holds no typed question text with STORE_QUESTION_TEXT off, DMs and threads included', async () => {
    const file = join(dir, 'slack-conversations.json');
    const store = openConversationStore({ STORE_QUESTION_TEXT: false, RETENTION_DAYS: 90, CONVERSATION_TTL_MINUTES: 30 }, file, createLogger({ level: 'silent' }));
    const b = await startHarness({ conversations: store });
    const typed = 'How big can the Ukrainian army be after the deal?';
    try {
      await ask(b, dm(typed, nextTs(), { channel: 'D0PRIVATE' }));
      await ask(b, mention(`<@UBOT> ${typed}`, nextTs()));
      store.flush();
      const written = readFileSync(file, 'utf8');
      expect(written).toContain('thread:D0PRIVATE:dm');
      for (const piece of [typed, 'How big', 'deal']) expect(written).not.toContain(piece);
    } finally {
      await b.close();
    }
  });
});

describe('a DM\'s context expires (issue 22.1)', () => {
  it('asks "and for Russia?" on its own two days after the last answer, as in a fresh DM', async () => {
    let now = Date.now();
    const store = new JsonFileStore(undefined, 100, () => {}, 200, { threadTtlMs: 30 * 60_000, now: () => now });
    const b = await startHarness({ conversations: store });
    try {
      await ask(b, dm('how big can the army be?', nextTs(), { channel: 'D0LATER' }));
      const soon = await ask(b, dm('and for Russia?', nextTs(), { channel: 'D0LATER' }));
      now += 2 * 86_400_000;
      const later = await ask(b, dm('and for Russia?', nextTs(), { channel: 'D0LATER' }));
      const fresh = await ask(b, dm('and for Russia?', nextTs(), { channel: 'D0FRESH' }));
      expect(shown(later)).toBe(shown(fresh));
      expect(shown(soon)).not.toBe(shown(fresh));
    } finally {
      await b.close();
    }
  });
});

describe('what Slack really sends in DMs', () => {
  it('answers a DM that arrives as file_share, and says it reads only text when there is no text', async () => {
    const withText = await ask(h, dm('clause 7.2', nextTs(), { subtype: 'file_share', files: [{ id: 'F1', name: 'screenshot.png' }] }));
    expect(shown(withText)).toContain('prohibits NATO troop deployments in Ukraine');
    const only = await ask(h, dm('', nextTs(), { subtype: 'file_share', files: [{ id: 'F2', name: 'screenshot.png' }] }));
    expect(shown(only)).toBe(say('en', 'adapter.fileOnly'));
  });

  it('answers a DM reply "also sent to conversation" (thread_broadcast) in its thread', async () => {
    const root = nextTs();
    const post = await ask(h, dm('clause 13.1', nextTs(), { subtype: 'thread_broadcast', thread_ts: root, root: { ts: root } }));
    expect(post.args.thread_ts).toBe(root);
    expect(shown(post)).toContain('plan-article:13.1');
  });

  it('updates its answer in place when a DM question is edited', async () => {
    const ts = nextTs();
    const answer = await ask(h, dm('clause 7.2', ts));
    const answerTs = h.fake.callsTo('chat.postMessage').indexOf(answer);
    expect(answerTs).toBeGreaterThanOrEqual(0);
    const edited = { type: 'message', subtype: 'message_changed', channel: 'D0DIRECT', channel_type: 'im', ts: nextTs(), event_ts: nextTs(), hidden: true,
      message: { type: 'message', user: 'U0ASKER', text: 'clause 7.3', ts, edited: { user: 'U0ASKER', ts: nextTs() } }, previous_message: { type: 'message', user: 'U0ASKER', text: 'clause 7.2', ts } };
    const before = h.fake.callsTo('chat.postMessage').length;
    await send(h, edited);
    const update = await h.fake.waitFor(() => h.fake.callsTo('chat.update').find((c) => String(c.args.text).includes('7.3')), 'the update');
    expect(update.args.channel).toBe('D0DIRECT');
    await h.slack.idle();
    expect(h.fake.callsTo('chat.postMessage').length).toBe(before);
  });
});

describe('edits', () => {
  it('answers a DM question and its edit that arrive together once, with the edited question', async () => {
    const ts = nextTs();
    const edited = { type: 'message', subtype: 'message_changed', channel: 'D0DIRECT', channel_type: 'im', ts: nextTs(), event_ts: nextTs(), hidden: true,
      message: { type: 'message', user: 'U0ASKER', text: 'clause 12.1', ts, edited: { user: 'U0ASKER', ts: nextTs() } }, previous_message: { type: 'message', user: 'U0ASKER', text: 'clause 10.1', ts } };
    const before = h.fake.callsTo('chat.postMessage').length;
    await Promise.all([send(h, dm('clause 10.1', ts)), send(h, edited)]);
    await h.fake.waitFor(() => [...h.fake.callsTo('chat.postMessage'), ...h.fake.callsTo('chat.update')].find((c) => text(c).includes('plan-article:12.1')), 'the edited answer');
    await h.slack.idle();
    expect(h.fake.callsTo('chat.postMessage').slice(before).filter((c) => c.args.channel === 'D0DIRECT')).toHaveLength(1);
  });

  it('deletes its answer when the DM question is deleted', async () => {
    const ts = nextTs();
    await ask(h, dm('clause 7.2', ts));
    await h.slack.idle();
    const deleted = { type: 'message', subtype: 'message_deleted', channel: 'D0DIRECT', channel_type: 'im', ts: nextTs(), event_ts: nextTs(), hidden: true, deleted_ts: ts,
      previous_message: { type: 'message', user: 'U0ASKER', text: 'clause 7.2', ts } };
    await send(h, deleted);
    const removal = await h.fake.waitFor(() => h.fake.callsTo('chat.delete')[0], 'chat.delete of the answer');
    expect(removal.args).toMatchObject({ channel: 'D0DIRECT' });
  });

  it('updates the answer in place when a mention is edited, also after a restart, and answers an unknown edit once', async () => {
    const file = join(dir, 'slack-conversations.json');
    const storeA = new JsonFileStore(file);
    const a = await startHarness({ conversations: storeA });
    const root = nextTs();
    let answerTs: string;
    try {
      await ask(a, mention('<@UBOT> What does the plan say about NATO?', root));
      await a.slack.idle();
      answerTs = '1700000000.000100'; // the fake's first ts
    } finally {
      await a.close();
      // What main.ts does on exit.
      storeA.flush();
    }
    const b = await startHarness({ conversations: new JsonFileStore(file) });
    try {
      const edit = mention('<@UBOT> Is Crimea recognized as Russian?', root, { edited: { user: 'U0ASKER', ts: nextTs() } });
      await send(b, edit);
      const update = await b.fake.waitFor(() => b.fake.callsTo('chat.update')[0], 'chat.update after the restart');
      expect(update.args).toMatchObject({ channel: 'C0CHANNEL', ts: answerTs });
      expect(text(update)).toContain('plan-article:13.1');
      // The thread now follows the edited question.
      const more = await ask(b, mention('<@UBOT> more', nextTs(), { thread_ts: root }));
      expect(shown(more)).toContain('Kherson');

      // An edit of a question never answered is answered once, however often Slack delivers it.
      const other = nextTs();
      const unknown = mention('<@UBOT> clause 7.2', other, { edited: { user: 'U0ASKER', ts: nextTs() } });
      await b.sender.event(unknown, 'Ev-edit-unknown');
      await b.sender.event(unknown, 'Ev-edit-unknown', { headers: { 'X-Slack-Retry-Num': '1', 'X-Slack-Retry-Reason': 'http_timeout' } });
      await b.fake.waitFor(() => posts(b, 'C0CHANNEL', other)[0], 'the answer to the unknown edit');
      await b.slack.idle();
      expect(posts(b, 'C0CHANNEL', other)).toHaveLength(1);
      expect(b.fake.callsTo('chat.update')).toHaveLength(1);
    } finally {
      await b.close();
    }
  });

  it('updates a top-level refusal edited into an answerable question without the "ask more" hint, since no thread follows it', async () => {
    const root = nextTs();
    const refusal = await ask(h, mention('<@UBOT> what about bananas?', root));
    expect(refusal.args.thread_ts).toBeUndefined();
    await h.slack.idle();
    const updates = h.fake.callsTo('chat.update').length;
    await send(h, mention('<@UBOT> clause 7.2', root, { edited: { user: 'U0ASKER', ts: nextTs() } }));
    const update = await h.fake.waitFor(() => h.fake.callsTo('chat.update')[updates], 'the update');
    expect(text(update)).toContain('plan-article:7.2');
    expect(shown(update)).not.toContain(say('en', 'adapter.hint.mention'));
  });

  it('keeps answering when the store file is unreadable', async () => {
    const file = join(dir, 'broken.json');
    writeFileSync(file, '{not json');
    const errors: string[] = [];
    const store = new JsonFileStore(file, 10, (what) => errors.push(what));
    expect(errors[0]).toMatch(/ignoring unreadable/);
    const b = await startHarness({ conversations: store });
    try {
      const post = await ask(b, mention('<@UBOT> clause 7.2', nextTs()));
      expect(shown(post)).toContain('plan-article:7.2');
    } finally {
      await b.close();
    }
  });
});

describe('a broken conversation entry or core (issue 22.6)', () => {
  it('answers a DM whose stored turn is malformed (previous.question: 42), instead of going silent', async () => {
    const file = join(dir, 'malformed.json');
    writeFileSync(file, JSON.stringify([['thread:D0BROKEN:dm', { kind: 'thread', previous: { question: 42, citationIds: ['plan-article:7.2'] } }]]));
    const b = await startHarness({ conversations: new JsonFileStore(file, 10) });
    try {
      const post = await ask(b, dm('and for Russia?', nextTs(), { channel: 'D0BROKEN' }));
      expect(post.args.channel).toBe('D0BROKEN');
    } finally {
      await b.close();
    }
  });

  it('apologises, naming the event, when the core fails on a DM or a mention', async () => {
    const b = await startHarness({
      bot: {
        ask: () => {
          throw new TypeError('core broke');
        },
      },
    });
    try {
      for (const event of [dm('what about NATO?', nextTs()), mention('<@UBOT> what about NATO?', nextTs())]) {
        const post = await ask(b, event);
        expect(text(post)).toMatch(/Sorry, something went wrong while answering/);
      }
      expect(b.logs.filter((l) => l.msg === 'question failed')).toHaveLength(2);
    } finally {
      await b.close();
    }
  });
});

describe('Share in channel', () => {
  const share = blockAction;

  it('says who shared it', async () => {
    await h.sender.interaction(share('clause 7.2', h.fake.responseUrl('share-ok')));
    const post = await h.fake.waitFor(() => h.fake.postsTo('share-ok')[0], 'the shared post');
    expect(JSON.stringify(post.body)).toContain('Shared by <@U0ASKER>');
  });

  it('posts as the bot when the response_url is used up, and says so privately when it cannot', async () => {
    h.fake.deadResponseUrls.add('share-dead');
    await h.sender.interaction(share('clause 7.2', h.fake.responseUrl('share-dead')));
    const post = await h.fake.waitFor(() => h.fake.callsTo('chat.postMessage').find((c) => text(c).includes('Shared by <@U0ASKER>')), 'the fallback post');
    expect(post.args.channel).toBe('C0CHANNEL');
    expect(text(post)).toContain('plan-article:7.2');

    h.fake.deadResponseUrls.add('share-dead-2');
    h.fake.replyOnce('chat.postMessage', { body: { ok: false, error: 'not_in_channel' } });
    await h.sender.interaction(share('clause 7.3', h.fake.responseUrl('share-dead-2')));
    const note = await h.fake.waitFor(() => h.fake.callsTo('chat.postEphemeral')[0], 'the ephemeral note');
    expect(note.args).toMatchObject({ channel: 'C0CHANNEL', user: 'U0ASKER' });
    expect(String(note.args.text)).toContain("couldn't share");
    expect(String(note.args.text)).toContain('not_in_channel');
    await h.slack.idle();
    const line = h.logs.findLast((l) => l.msg === 'question handled' && l.via === 'share');
    expect(line).toMatchObject({ delivered: false, shared: 'explained' });
  });
});

describe('a threaded conversation, end to end', () => {
  it('question, "tell me more", an elliptical follow-up and an edit, as a transcript (written to $TRANSCRIPT_DIR when set)', async () => {
    const lines: string[] = [];
    const root = nextTs();
    const turn = async (raw: string, extra: Record<string, unknown> = {}): Promise<ApiCall> => {
      lines.push(`user: ${raw}`);
      const post = await ask(h, mention(raw, extra.thread_ts ? nextTs() : root, extra));
      lines.push(`bot (chat.postMessage, thread_ts ${String(post.args.thread_ts)}):\n${shown(post)}`);
      return post;
    };
    await turn('<@UBOT> what does it say about NATO? cc <@U123ABC> :pray:');
    const more = await turn('<@UBOT> tell me more', { thread_ts: root });
    const elliptical = await turn('<@UBOT> and for Russia?', { thread_ts: root });
    const edited = '<@UBOT> Is Crimea recognized as Russian?';
    lines.push(`user edits the first message to: ${edited}`);
    const updates = h.fake.callsTo('chat.update').length;
    await send(h, mention(edited, root, { edited: { user: 'U0ASKER', ts: nextTs() } }));
    const update = await h.fake.waitFor(() => h.fake.callsTo('chat.update')[updates], 'the update');
    lines.push(`bot (chat.update ts ${String(update.args.ts)}):\n${shown(update)}`);
    expect(shown(more)).toContain('and stations European fighter jets in Poland.');
    expect(shown(elliptical)).toContain('NATO');
    expect(shown(update)).toContain('plan-article:13.1');
    if (process.env.TRANSCRIPT_DIR) writeFileSync(join(process.env.TRANSCRIPT_DIR, 'slack.txt'), `${lines.join('\n\n')}\n`);
  });
});
