/**
 * The real Bolt app over real HTTP: signed requests in, a fake Slack Web API and response_url out.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POST_FAILED_NOTICE } from '../../../adapters/slack/delivery.js';
import { SHARE_ACTION_ID, SHARE_LABEL } from '../../../adapters/slack/render.js';
import type { ApiCall } from './fake-slack.js';
import { allStrings, blockAction, nextTs, startHarness, testBot, TEST_BOT_TOKEN, type Harness } from './harness.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h?.close();
});

function mention(text: string, ts: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { type: 'app_mention', user: 'U0ASKER', text, ts, event_ts: ts, channel: 'C0CHANNEL', team: 'T0FAKE', ...extra };
}

function dm(text: string, ts: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { type: 'message', channel_type: 'im', user: 'U0ASKER', text, ts, event_ts: ts, channel: 'D0DIRECT', team: 'T0FAKE', ...extra };
}

/** Posts the bot made into one thread (or, for `threadTs` undefined, top level of a channel). */
function postsIn(channel: string, threadTs: string | undefined): ApiCall[] {
  return h.fake.callsTo('chat.postMessage').filter((c) => c.args.channel === channel && c.args.thread_ts === threadTs);
}

async function firstPostIn(channel: string, threadTs: string | undefined): Promise<ApiCall> {
  return h.fake.waitFor(() => postsIn(channel, threadTs)[0], `a post in ${channel}/${threadTs}`);
}

/**
 * Sends a question that is surely answered and waits for its answer: everything delivered before
 * it has been handled by then (the way to show that something did *not* cause a post).
 */
async function sentinel(): Promise<void> {
  const ts = nextTs();
  await h.sender.event(mention('<@UBOT> clause 7.2', ts), `Ev-sentinel-${ts}`);
  await firstPostIn('C0CHANNEL', ts);
  await h.slack.idle();
}

function text(call: { args: Record<string, unknown> } | { body: Record<string, unknown> }): string {
  return JSON.stringify('args' in call ? call.args : call.body);
}

describe('mentions', () => {
  it('answers an app_mention with one chat.postMessage in the thread of the mention, quoting the clause and its citation id', async () => {
    const ts = nextTs();
    const res = await h.sender.event(mention('<@UBOT> Are NATO troops allowed in Ukraine?', ts), 'Ev-mention-1');
    expect(res.status).toBe(200);
    const post = await firstPostIn('C0CHANNEL', ts);
    await sentinel();
    expect(postsIn('C0CHANNEL', ts)).toHaveLength(1);
    expect(post.token).toBe(TEST_BOT_TOKEN);
    expect(post.args.link_names).toBeUndefined();
    const blocks = JSON.stringify(post.args.blocks);
    const quote = (post.args.blocks as { text?: { text: string } }[])[1]?.text?.text ?? '';
    // The cited clauses (7.1 and 7.2) in bold inside their one sentence.
    expect(quote).toBe('>*The plan limits Ukraine’s military to 600,000 personnel*, *prohibits NATO troop deployments in Ukraine*, and stations European fighter jets in Poland.');
    expect(blocks).toContain('`plan-article:7.2`');
    expect(String(post.args.text)).toContain('[plan-article:7.1, plan-article:7.2]');
  });

  it("strips the bot's own mention before asking the core", async () => {
    const ts = nextTs();
    await h.sender.event(mention('<@UBOT> clause 5.1', ts), 'Ev-mention-strip');
    await firstPostIn('C0CHANNEL', ts);
    await h.slack.idle();
    const line = h.logs.find((l) => l.msg === 'question handled' && l.eventId === 'Ev-mention-strip');
    expect(line?.question).toBe('clause 5.1');
    expect(line).toMatchObject({ surface: 'slack', via: 'mention', outcome: 'answered', citations: ['plan-article:5.1'], delivered: true });
  });

  it('answers a mention inside an existing thread in that thread', async () => {
    const parent = nextTs();
    const ts = nextTs();
    await h.sender.event(mention('<@UBOT> clause 7.2', ts, { thread_ts: parent }), 'Ev-mention-thread');
    const post = await firstPostIn('C0CHANNEL', parent);
    expect(JSON.stringify(post.args.blocks)).toContain('plan-article:7.2');
    expect(postsIn('C0CHANNEL', ts)).toHaveLength(0);
  });
});

describe('direct messages', () => {
  it('answers a question sent in a DM there, with the clause and its citation id', async () => {
    const ts = nextTs();
    const res = await h.sender.event(dm('clause 7.2', ts), 'Ev-dm-1');
    expect(res.status).toBe(200);
    const post = await firstPostIn('D0DIRECT', undefined);
    expect(JSON.stringify(post.args.blocks)).toContain('prohibits NATO troop deployments in Ukraine');
    expect(JSON.stringify(post.args.blocks)).toContain('`plan-article:7.2`');
  });

  it('ignores its own messages, edits and messages outside DMs', async () => {
    const before = h.fake.callsTo('chat.postMessage').length;
    await h.sender.event(dm('clause 7.1', nextTs(), { user: 'UBOT', bot_id: 'BBOT' }), 'Ev-dm-self');
    await h.sender.event(dm('clause 7.1', nextTs(), { subtype: 'message_changed' }), 'Ev-dm-edit');
    await h.sender.event(dm('clause 7.1', nextTs(), { channel_type: 'channel', channel: 'C0OTHER' }), 'Ev-channel-message');
    await sentinel();
    expect(h.fake.callsTo('chat.postMessage').length).toBe(before + 1);
  });
});

describe('/plan', () => {
  it('acknowledges at once with 200 and answers through response_url, ephemeral, with a share button', async () => {
    const res = await h.sender.command({ command: '/plan', text: 'What does it say about NATO?', response_url: h.fake.responseUrl('cmd-nato') });
    expect(res.status).toBe(200);
    const reply = await h.fake.waitFor(() => h.fake.postsTo('cmd-nato')[0], 'the /plan answer');
    expect(reply.body.response_type).toBe('ephemeral');
    expect(text(reply)).toContain('`plan-article:5.1`');
    expect(text(reply)).toContain(SHARE_LABEL);
    expect(String(reply.body.text)).toContain(testBot().ask('What does it say about NATO?').lead);
  });

  it('returns the passage for /plan clause <id>', async () => {
    await h.sender.command({ command: '/plan', text: 'clause plan-article:7.2', response_url: h.fake.responseUrl('cmd-clause') });
    const reply = await h.fake.waitFor(() => h.fake.postsTo('cmd-clause')[0], 'the clause');
    const blocks = reply.body.blocks as { type: string; text?: { text: string } }[];
    expect(blocks[0]?.text?.text).toBe('Passage plan-article:7.2:');
    expect(blocks[1]?.text?.text).toBe('>The plan limits Ukraine’s military to 600,000 personnel, *prohibits NATO troop deployments in Ukraine*, and stations European fighter jets in Poland.');
  });

  it.each(['topics', 'sources', 'help'])('answers /plan %s with the core\'s wording', async (command) => {
    await h.sender.command({ command: '/plan', text: command, response_url: h.fake.responseUrl(`cmd-${command}`) });
    const reply = await h.fake.waitFor(() => h.fake.postsTo(`cmd-${command}`)[0], `/plan ${command}`);
    const expected = testBot().ask(command);
    expect(expected.kind).toBe(command);
    expect((reply.body.blocks as { text?: { text: string } }[])[0]?.text?.text).toBe(expected.lead);
  });

  it('reposts the answer publicly when "Share in channel" is clicked, then removes the private copy', async () => {
    await h.sender.command({ command: '/plan', text: 'clause 7.2', response_url: h.fake.responseUrl('cmd-share') });
    const reply = await h.fake.waitFor(() => h.fake.postsTo('cmd-share')[0], 'the private answer');
    const actions = (reply.body.blocks as { type: string; elements?: { action_id: string; value: string }[] }[]).find((b) => b.type === 'actions');
    const button = actions?.elements?.[0];
    expect(button?.action_id).toBe(SHARE_ACTION_ID);
    const res = await h.sender.interaction(blockAction(button!.value, h.fake.responseUrl('share-1')));
    expect(res.status).toBe(200);
    const posts = await h.fake.waitFor(() => (h.fake.postsTo('share-1').length >= 2 ? h.fake.postsTo('share-1') : undefined), 'the public post and the delete');
    expect(posts[0]?.body).toMatchObject({ response_type: 'in_channel', replace_original: false });
    expect(text(posts[0]!)).toContain('prohibits NATO troop deployments in Ukraine');
    expect(text(posts[0]!)).not.toContain(SHARE_LABEL);
    expect(posts[1]?.body).toEqual({ delete_original: true });
  });

  it('shares once when "Share in channel" is double-clicked: the second click finds the share claimed', async () => {
    const click = (url: string) => ({ ...blockAction('clause 13.1', url), container: { type: 'message', message_ts: '1700000000.000777', channel_id: 'C0CHANNEL', is_ephemeral: true } });
    await Promise.all([h.sender.interaction(click(h.fake.responseUrl('dbl-1'))), h.sender.interaction(click(h.fake.responseUrl('dbl-2')))]);
    await h.fake.waitFor(() => [...h.fake.postsTo('dbl-1'), ...h.fake.postsTo('dbl-2')].find((p) => p.body.response_type === 'in_channel'), 'the public post');
    await h.slack.idle();
    const shared = [...h.fake.postsTo('dbl-1'), ...h.fake.postsTo('dbl-2')].filter((p) => p.body.response_type === 'in_channel');
    expect(shared).toHaveLength(1);
  });
});

describe('request verification', () => {
  it('rejects a forged signature with 401 and posts nothing', async () => {
    const ts = nextTs();
    const res = await h.sender.event(mention('<@UBOT> clause 7.2', ts), 'Ev-forged', { secret: 'not-the-secret' });
    expect(res.status).toBe(401);
    await sentinel();
    expect(postsIn('C0CHANNEL', ts)).toHaveLength(0);
  });

  it('rejects a correctly signed request older than five minutes with 401 and posts nothing', async () => {
    const ts = nextTs();
    const sixMinutesAgo = Math.floor(Date.now() / 1000) - 6 * 60;
    const res = await h.sender.event(mention('<@UBOT> clause 7.2', ts), 'Ev-stale', { timestamp: sixMinutesAgo });
    expect(res.status).toBe(401);
    const cmd = await h.sender.command({ command: '/plan', text: 'clause 7.2', response_url: h.fake.responseUrl('cmd-stale') }, { timestamp: sixMinutesAgo });
    expect(cmd.status).toBe(401);
    await sentinel();
    expect(postsIn('C0CHANNEL', ts)).toHaveLength(0);
    expect(h.fake.postsTo('cmd-stale')).toHaveLength(0);
  });

  it('answers url_verification with its challenge', async () => {
    const body = JSON.stringify({ token: 'legacy-verification-token', challenge: 'challenge-3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P', type: 'url_verification' });
    const res = await h.sender.send(body, 'application/json');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ challenge: 'challenge-3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P' });
  });
});

describe('retries and duplicates', () => {
  it('answers an event delivered twice (a Slack retry) once', async () => {
    const ts = nextTs();
    const event = mention('<@UBOT> clause 7.1', ts);
    expect((await h.sender.event(event, 'Ev-retried')).status).toBe(200);
    const retry = await h.sender.event(event, 'Ev-retried', { headers: { 'X-Slack-Retry-Num': '1', 'X-Slack-Retry-Reason': 'http_timeout' } });
    expect(retry.status).toBe(200);
    await sentinel();
    expect(postsIn('C0CHANNEL', ts)).toHaveLength(1);
  });

  it('answers a DM that arrives both as app_mention and as message once', async () => {
    const ts = nextTs();
    await h.sender.event(mention('<@UBOT> clause 7.1', ts, { channel: 'D0TWICE' }), 'Ev-twice-mention');
    await h.sender.event(dm('<@UBOT> clause 7.1', ts, { channel: 'D0TWICE' }), 'Ev-twice-message');
    await sentinel();
    expect(h.fake.callsTo('chat.postMessage').filter((c) => c.args.channel === 'D0TWICE')).toHaveLength(1);
  });

  it('retries a chat.postMessage answered with 429 after Retry-After, and posts once', async () => {
    const ts = nextTs();
    h.fake.replyOnce('chat.postMessage', { status: 429, headers: { 'retry-after': '1' }, body: { ok: false, error: 'ratelimited' } });
    await h.sender.event(mention('<@UBOT> clause 7.1', ts), 'Ev-429');
    await h.fake.waitFor(() => (postsIn('C0CHANNEL', ts).length === 2 ? true : undefined), 'the retried post');
    await h.slack.idle();
    const line = h.logs.find((l) => l.msg === 'question handled' && l.eventId === 'Ev-429');
    expect(line?.delivered).toBe(true);
  });

  it('logs a post that fails for good with the event id and tells the user in the thread', async () => {
    const ts = nextTs();
    h.fake.replyOnce('chat.postMessage', { body: { ok: false, error: 'msg_blocks_too_long' } });
    await h.sender.event(mention('<@UBOT> clause 7.1', ts), 'Ev-fails');
    const note = await h.fake.waitFor(() => postsIn('C0CHANNEL', ts)[1], 'the error note');
    expect(String(note.args.text)).toBe(POST_FAILED_NOTICE);
    await h.slack.idle();
    expect(h.logs.find((l) => l.level === 'error' && l.eventId === 'Ev-fails')).toMatchObject({ error: 'msg_blocks_too_long', channel: 'C0CHANNEL' });
    expect(h.logs.find((l) => l.msg === 'question handled' && l.eventId === 'Ev-fails')?.delivered).toBe(false);
  });
});

describe('escaping', () => {
  const hostile = '<!channel> <!here> <@U123> @everyone what about bananas?';
  const live = /<!channel>|<!here>|<!everyone>|<@U123>|@(channel|here|everyone)\b/;

  it('never turns <!channel>, <!here>, <@U…> or @everyone in a question into a live mention', async () => {
    const ts = nextTs();
    await h.sender.event(mention(`<@UBOT> ${hostile}`, ts), 'Ev-hostile');
    // A refusal is answered in place, not in a thread of its own.
    const post = await h.fake.waitFor(() => postsIn('C0CHANNEL', undefined).find((c) => text(c).includes('bananas')), 'the refusal');
    // The answer does echo the question's words (and the core's "clause <id>"), so escaping is exercised.
    expect(text(post)).toContain('bananas');
    expect(text(post)).toContain('clause &lt;id&gt;');
    for (const s of allStrings(post.args)) expect(s).not.toMatch(live);
  });

  it('keeps the question inert when a /plan answer is shared in the channel', async () => {
    await h.sender.command({ command: '/plan', text: hostile, response_url: h.fake.responseUrl('cmd-hostile') });
    const reply = await h.fake.waitFor(() => h.fake.postsTo('cmd-hostile')[0], 'the private answer');
    const value = (reply.body.blocks as { type: string; elements?: { value: string }[] }[]).find((b) => b.type === 'actions')?.elements?.[0]?.value;
    await h.sender.interaction(blockAction(value!, h.fake.responseUrl('share-hostile')));
    const shared = await h.fake.waitFor(() => h.fake.postsTo('share-hostile')[0], 'the public post');
    // Markup is removed from the question; the plain @everyone that is left stays inert.
    expect(text(shared)).toContain('/plan @\u2060everyone what about bananas?');
    // A button's value is data handed back to the bot, never displayed, so it keeps the question as asked.
    for (const post of [reply, shared]) for (const s of allStrings(post.body, ['value'])) expect(s).not.toMatch(live);
  });
});

describe('logging', () => {
  it('writes one line per question and never logs the bot token or signing secret', async () => {
    await h.slack.idle();
    const handled = h.logs.filter((l) => l.msg === 'question handled');
    const ids = handled.map((l) => l.eventId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(handled.every((l) => typeof l.latencyMs === 'number' && l.surface === 'slack')).toBe(true);
    expect(h.rawLog()).not.toContain(TEST_BOT_TOKEN);
    expect(h.rawLog()).not.toContain(h.config.SLACK_SIGNING_SECRET);
  });
});

describe('SLACK_RESPONSE_TYPE=in_channel', () => {
  it('answers /plan publicly, showing the question, without a share button', async () => {
    const pub = await startHarness({ env: { SLACK_RESPONSE_TYPE: 'in_channel' } });
    try {
      await pub.sender.command({ command: '/plan', text: 'clause 7.2', response_url: pub.fake.responseUrl('cmd-public') });
      const reply = await pub.fake.waitFor(() => pub.fake.postsTo('cmd-public')[0], 'the public answer');
      expect(reply.body.response_type).toBe('in_channel');
      expect(text(reply)).toContain('/plan clause 7.2');
      expect(text(reply)).not.toContain(SHARE_LABEL);
    } finally {
      await pub.close();
    }
  });
});
