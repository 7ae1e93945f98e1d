/** `why?` in a Slack thread: the core's follow-up, carried by the thread's stored turn like "tell me more". */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiCall } from './fake-slack.js';
import { nextTs, startHarness, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const mention = (text: string, ts: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  type: 'app_mention', user: 'U0ASKER', text, ts, event_ts: ts, channel: 'C0CHANNEL', team: 'T0FAKE', ...extra,
});
let events = 0;

async function ask(event: Record<string, unknown>): Promise<ApiCall> {
  const before = h.fake.callsTo('chat.postMessage').length;
  await h.sender.event(event, `Ev-why-${++events}`);
  return h.fake.waitFor(() => h.fake.callsTo('chat.postMessage')[before], `an answer to ${String(event.text)}`);
}

const shown = (call: ApiCall): string =>
  ((call.args.blocks ?? []) as { text?: { text: string }; elements?: { text?: string }[] }[]).map((b) => b.text?.text ?? (b.elements ?? []).map((e) => e.text ?? '').join(' ')).join('\n');

describe('why? in a thread', () => {
  it('explains the NATO answer by its passages, then a refusal by its missing subject', async () => {
    const root = nextTs();
    await ask(mention('<@UBOT> What does the plan say about NATO?', root));
    const why = await ask(mention('<@UBOT> why?', nextTs(), { thread_ts: root }));
    expect(why.args.thread_ts).toBe(root);
    // The thread keeps no typed text (STORE_QUESTION_TEXT is off): the question's known words stand in.
    expect(shown(why)).toContain('Why I answered “nato” as I did:');
    expect(shown(why)).toContain('plan-article:5.1: “NATO” matched your “nato”.');
    expect(shown(why)).toContain('plan-article:7.2');

    await ask(mention('<@UBOT> Does Russia rejoin the G8?', nextTs(), { thread_ts: root }));
    const declined = await ask(mention('<@UBOT> why', nextTs(), { thread_ts: root }));
    expect(shown(declined)).toContain('because the documents do not mention “G8”.');
  });
});
