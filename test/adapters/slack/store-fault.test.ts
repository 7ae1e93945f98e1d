/**
 * A dead database never costs an answer: the real Bolt app keeps answering every question while its
 * outcome database is deleted and then made impossible to reopen under it, and each fault is
 * logged. (A corrupt file and a newer schema are covered in test/store/sqlite.test.ts.)
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nextTs, useStoreHarness } from './harness.js';
import { SQLITE_UNAVAILABLE } from '../../helpers/sqlite.js';

const s = useStoreHarness();

/** Asks in a DM and waits for the answer; lets the queued write run. */
async function askInDm(question: string): Promise<Record<string, unknown>> {
  const ts = nextTs();
  await s.h.sender.event({ type: 'message', channel_type: 'im', user: 'U0ASKER', text: question, ts, event_ts: ts, channel: 'D0FAULT', team: 'T0FAKE' }, `Ev-fault-${ts}`);
  const posts = (): unknown[] => s.h.fake.callsTo('chat.postMessage').filter((c) => c.args.channel === 'D0FAULT');
  const before = posts().length;
  const post = await s.h.fake.waitFor(() => s.h.fake.callsTo('chat.postMessage').filter((c) => c.args.channel === 'D0FAULT')[before], `the answer to ${question}`);
  await s.h.slack.idle();
  s.t.store.flush();
  return post.args;
}

const storeErrors = (): Record<string, unknown>[] => s.t.logs().filter((l) => l.level === 'error');

describe.skipIf(SQLITE_UNAVAILABLE)('a broken outcome database while the bot runs', () => {
  it('answers every question while the file is deleted, and then its folder replaced by a file', async () => {
    expect(JSON.stringify(await askInDm('clause 7.2'))).toContain('prohibits NATO troop deployments');
    expect(storeErrors()).toHaveLength(0);

    // Deleted: the store notices and starts a new file.
    for (const suffix of ['', '-wal', '-shm']) rmSync(s.t.file + suffix, { force: true });
    expect(JSON.stringify(await askInDm('clause 7.1'))).toContain('plan-article:7.1');
    expect(storeErrors().some((l) => String(l.msg).includes('deleted or replaced'))).toBe(true);

    // The data folder replaced by a plain file: the database cannot be reopened at all.
    rmSync(join(s.t.dir, 'data'), { recursive: true, force: true });
    writeFileSync(join(s.t.dir, 'data'), 'not a folder');
    for (const q of ['clause 14.1', 'What does the plan say about NATO?', 'Does Russia rejoin the G8?']) {
      const answer = JSON.stringify(await askInDm(q));
      expect(answer.length).toBeGreaterThan(100);
    }
    expect(s.h.fake.callsTo('chat.postMessage').filter((c) => c.args.channel === 'D0FAULT')).toHaveLength(5);
    expect(s.h.logs.filter((l) => l.msg === 'question handled' && l.delivered === true).length).toBeGreaterThanOrEqual(5);
    expect(storeErrors().length).toBeGreaterThan(0);
  });
});
