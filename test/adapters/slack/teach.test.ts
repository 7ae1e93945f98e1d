/** `/plan teach …` in Slack: admins teach the live bot, anyone else is refused politely. */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PlanBot } from '../../../src/dialogue/bot.js';
import { LiveBot } from '../../../src/dialogue/reload.js';
import { startHarness, type Harness } from './harness.js';

let h: Harness;
let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'slack-teach-'));
  copyFileSync('corpus/plan-article.txt', join(dir, 'plan-article.txt'));
  h = await startHarness({ env: { ADMIN_USER_IDS: 'U0ADMIN' }, bot: new LiveBot(PlanBot.load({ corpusDir: dir })) });
});
afterAll(async () => {
  await h?.close();
  rmSync(dir, { recursive: true, force: true });
});

let n = 0;
async function plan(text: string, user: string): Promise<string> {
  const id = `teach-${++n}`;
  await h.sender.command({ command: '/plan', text, user_id: user, response_url: h.fake.responseUrl(id) });
  const reply = await h.fake.waitFor(() => h.fake.postsTo(id)[0], `the reply to /plan ${text}`);
  expect(reply.body.response_type).toBe('ephemeral');
  return JSON.stringify(reply.body);
}

describe('/plan teach', () => {
  it('refuses a user who is not an admin, and teaches for one who is', async () => {
    expect(await plan('teach alias "Geneva cap" "600,000 personnel"', 'U0ASKER')).toContain('Sorry, only the administrators of this bot can teach it.');
    expect(await plan('What does the plan say about the Geneva cap?', 'U0ASKER')).not.toContain('plan-article:7.1');
    expect(await plan('teach alias “Geneva cap” “600,000 personnel”', 'U0ADMIN')).toContain('added 1. alias \\"Geneva cap\\" → \\"600,000 personnel\\" (by slack:U0ADMIN');
    expect(await plan('What does the plan say about the Geneva cap?', 'U0ASKER')).toContain('plan-article:7.1');
    expect(h.logs.some((l) => l.msg === 'curation changed from chat' && l.user === 'slack:U0ADMIN')).toBe(true);
  });

  it('leaves a question that merely starts with "teach" a question', async () => {
    expect(await plan('teach me about NATO', 'U0ASKER')).toContain('NATO');
  });
});
