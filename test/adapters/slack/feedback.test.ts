/**
 * Feedback in Slack, end to end: the real Bolt app over signed HTTP against the fake Slack, with a
 * real SQLite store. Buttons under every answer (threaded, ephemeral and shared), one vote per person
 * per answer, and the report counting it.
 */
import { describe, expect, it } from 'vitest';
import { FEEDBACK_ACTION_ID } from '../../../adapters/slack/feedback.js';
import { SHARE_ACTION_ID } from '../../../adapters/slack/render.js';
import { readReport, type ReportData } from '../../../src/store/query.js';
import { feedbackClick, type ApiCall } from './fake-slack.js';
import { nextTs, useStoreHarness } from './harness.js';
import { SQLITE_UNAVAILABLE } from '../../helpers/sqlite.js';

const s = useStoreHarness();

type Block = { type: string; elements?: { type: string; action_id?: string; positive_button?: { value: string }; negative_button?: { value: string }; value?: string }[] };

/** The feedback buttons' values in a message's blocks, if it has them. */
function feedbackValues(blocks: unknown): { up: string; down: string } | undefined {
  const element = (blocks as Block[]).find((b) => b.type === 'context_actions')?.elements?.find((e) => e.type === 'feedback_buttons');
  return element ? { up: element.positive_button!.value, down: element.negative_button!.value } : undefined;
}

async function mentionAnswer(question: string): Promise<ApiCall> {
  const ts = nextTs();
  await s.h.sender.event({ type: 'app_mention', user: 'U0ASKER', text: `<@UBOT> ${question}`, ts, event_ts: ts, channel: 'C0CHANNEL', team: 'T0FAKE' }, `Ev-fb-${ts}`);
  // An answer with quotes goes into the mention's thread; a refusal is posted in place (its text names the question's subject).
  const post = await s.h.fake.waitFor(
    () => s.h.fake.callsTo('chat.postMessage').find((c) => c.args.thread_ts === ts || (c.args.thread_ts === undefined && c.args.channel === 'C0CHANNEL' && String(c.args.text).includes(question.split(' ').at(-1)!.replace('?', '')))),
    `the answer to ${question}`,
  );
  // The outcome is recorded once Slack has accepted the post.
  await s.h.slack.idle();
  return post;
}

function report(): ReportData {
  s.t.store.flush();
  const result = readReport(s.t.file, 0, Date.now() + 1);
  if (result.status !== 'ok') throw new Error(`no report: ${result.status}`);
  return result.data;
}

describe.skipIf(SQLITE_UNAVAILABLE)('Slack feedback', () => {
  it('puts feedback buttons under a threaded answer, carrying the answer id', async () => {
    const post = await mentionAnswer('what does it say about NATO?');
    const values = feedbackValues(post.args.blocks);
    expect(values?.up).toMatch(/^fb:up:[\w-]+$/);
    expect(values?.down).toBe(values?.up.replace(':up:', ':down:'));
    const element = (post.args.blocks as Block[]).at(-1)!.elements![0]!;
    expect(element.action_id).toBe(FEEDBACK_ACTION_ID);
  });

  it('keeps one vote per person per answer: 👍 then 👎 leaves the 👎, thanked each time without reposting', async () => {
    const post = await mentionAnswer('Are NATO troops allowed in Ukraine?');
    const values = feedbackValues(post.args.blocks)!;
    const posts = s.h.fake.callsTo('chat.postMessage').length;
    for (const [i, value] of [values.up, values.down].entries()) {
      const res = await s.h.sender.interaction(feedbackClick({ actionId: FEEDBACK_ACTION_ID, value, responseUrl: s.h.fake.responseUrl(`fb-vote-${i}`), userId: 'U0VOTER' }));
      expect(res.status).toBe(200);
      const thanks = await s.h.fake.waitFor(() => s.h.fake.postsTo(`fb-vote-${i}`)[0], 'the thanks');
      expect(thanks.body).toEqual({ response_type: 'ephemeral', replace_original: false, text: 'Thanks, noted.' });
    }
    await s.h.slack.idle();
    expect(s.h.fake.callsTo('chat.postMessage')).toHaveLength(posts);

    const data = report();
    const answerId = values.down.split(':')[2];
    const rated = data.ratedDown.find((r) => r.answerId === answerId);
    expect(rated).toMatchObject({ down: 1, up: 0, surface: 'slack' });
    expect(rated!.citations.map((c) => c.id)).toContain('plan-article:7.2');
    expect(rated!.citations.find((c) => c.id === 'plan-article:7.2')?.quote).toBe('prohibits NATO troop deployments in Ukraine');
  });

  it('counts a declined "Does Russia rejoin the G8?" under the declined subject "G8"', async () => {
    const post = await mentionAnswer('Does Russia rejoin the G8?');
    expect(feedbackValues(post.args.blocks)).toBeDefined();
    const data = report();
    expect(data.classes.declined).toBeGreaterThanOrEqual(1);
    expect(data.declinedSubjects.map((s) => s.subject)).toContain('G8');
  });

  it('puts feedback buttons under an ephemeral /plan answer and under the shared copy', async () => {
    await s.h.sender.command({ command: '/plan', text: 'clause 7.2', response_url: s.h.fake.responseUrl('fb-cmd') });
    const reply = await s.h.fake.waitFor(() => s.h.fake.postsTo('fb-cmd')[0], 'the private answer');
    expect(reply.body.response_type).toBe('ephemeral');
    expect(feedbackValues(reply.body.blocks)).toBeDefined();
    const share = (reply.body.blocks as Block[]).flatMap((b) => b.elements ?? []).find((e) => e.action_id === SHARE_ACTION_ID)!;
    await s.h.slack.idle();
    const before = report().questions;
    await s.h.sender.interaction({
      type: 'block_actions',
      team: { id: 'T0FAKE', domain: 'fake-workspace' },
      user: { id: 'U0ASKER', username: 'asker', name: 'asker', team_id: 'T0FAKE' },
      api_app_id: 'A0FAKE',
      token: 'legacy-verification-token',
      container: { type: 'message', message_ts: '1700000000.000100', channel_id: 'C0CHANNEL', is_ephemeral: true },
      trigger_id: 'trigger-fb-share',
      channel: { id: 'C0CHANNEL', name: 'general' },
      response_url: s.h.fake.responseUrl('fb-share'),
      actions: [{ action_id: SHARE_ACTION_ID, block_id: 'share', text: { type: 'plain_text', text: 'Share' }, value: share.value, type: 'button', action_ts: '1700000000.1' }],
    });
    const shared = await s.h.fake.waitFor(() => s.h.fake.postsTo('fb-share')[0], 'the shared answer');
    expect(shared.body.response_type).toBe('in_channel');
    expect(feedbackValues(shared.body.blocks)).toBeDefined();
    // The shared copy is the same question again: it does not count as a new one.
    await s.h.slack.idle();
    expect(report().questions).toBe(before);
  });

  it('ignores a click whose value is not a feedback value', async () => {
    const res = await s.h.sender.interaction(feedbackClick({ actionId: FEEDBACK_ACTION_ID, value: 'fb:sideways:x', responseUrl: s.h.fake.responseUrl('fb-bad') }));
    expect(res.status).toBe(200);
    await s.h.slack.idle();
    expect(s.h.fake.postsTo('fb-bad')).toHaveLength(0);
    expect(s.h.logs.some((l) => l.msg === 'ignored a feedback click with an unknown value')).toBe(true);
  });
});
