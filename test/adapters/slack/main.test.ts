/**
 * `adapters/slack/main.ts` as a process, the way `npm run slack` runs it: exit codes, messages,
 * a real start against fake Slack, and a clean stop on SIGTERM.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FEEDBACK_ACTION_ID } from '../../../adapters/slack/feedback.js';
import { readReport } from '../../../src/store/query.js';
import { FakeSlack, feedbackClick, SlackSender } from './fake-slack.js';
import { TEST_SIGNING_SECRET } from './harness.js';
import { SQLITE_UNAVAILABLE } from '../../helpers/sqlite.js';

const MAIN = fileURLToPath(new URL('../../../adapters/slack/main.ts', import.meta.url));
const TSX = import.meta.resolve('tsx');

// A directory of its own, so that a developer's .env in the repository cannot leak into the tests.
let cwd: string;
beforeAll(() => {
  cwd = mkdtempSync(join(tmpdir(), 'slack-main-'));
});
afterAll(() => {
  rmSync(cwd, { recursive: true, force: true });
});

function start(env: Record<string, string>, dir = cwd): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, ['--import', TSX, MAIN], { cwd: dir, env: { LOG_LEVEL: 'info', ...env } });
}

/** Runs the process to its end. */
async function run(env: Record<string, string>, dir?: string): Promise<{ code: number | null; stderr: string }> {
  const child = start(env, dir);
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { code, stderr };
}

describe('npm run slack (adapters/slack/main.ts)', () => {
  it('exits 2 naming SLACK_BOT_TOKEN when no configuration is given', async () => {
    const { code, stderr } = await run({});
    expect(code).toBe(2);
    expect(stderr).toContain('SLACK_BOT_TOKEN is required but not set');
  });

  it('exits 2 naming the credential the chosen mode needs', async () => {
    const socket = await run({ SLACK_BOT_TOKEN: 'xoxb-1' });
    expect(socket.code).toBe(2);
    expect(socket.stderr).toContain('SLACK_APP_TOKEN is required but not set');
    const http = await run({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_MODE: 'http' });
    expect(http.code).toBe(2);
    expect(http.stderr).toContain('SLACK_SIGNING_SECRET is required but not set');
  });

  it('exits 2 naming a malformed token without printing it, and reads .env from the working directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'slack-dotenv-'));
    try {
      writeFileSync(join(dir, '.env'), 'SLACK_BOT_TOKEN=xapp-do-not-print-me\nSLACK_APP_TOKEN=xapp-1\n');
      const { code, stderr } = await run({}, dir);
      expect(code).toBe(2);
      expect(stderr).toContain('SLACK_BOT_TOKEN is invalid');
      expect(stderr).not.toContain('do-not-print-me');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  describe('against fake Slack', () => {
    let fake: FakeSlack;
    beforeAll(async () => {
      fake = await FakeSlack.start();
    });
    afterAll(async () => {
      await fake.close();
    });

    const env = (): Record<string, string> => ({
      SLACK_BOT_TOKEN: 'xoxb-1-main-test',
      SLACK_MODE: 'http',
      SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
      SLACK_API_URL: fake.apiUrl,
      PORT: '0',
    });

    it('exits 1 saying plainly that Slack rejected the bot token', async () => {
      fake.authError = 'invalid_auth';
      try {
        const { code, stderr } = await run(env());
        expect(code).toBe(1);
        expect(stderr).toContain('slack: Slack rejected SLACK_BOT_TOKEN (invalid_auth)');
      } finally {
        fake.authError = undefined;
      }
    });

    it.skipIf(SQLITE_UNAVAILABLE)('starts, answers a signed mention, records it and a 👎 in ./data, and exits 0 on SIGTERM', async () => {
      const child = start(env());
      let stderr = '';
      const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
      const port = await new Promise<number>((resolve, reject) => {
        child.stderr.on('data', (d: Buffer) => {
          stderr += d.toString();
          const m = /"port":(\d+)/.exec(stderr);
          if (m) resolve(Number(m[1]));
        });
        void exited.then((code) => reject(new Error(`exited ${code} before listening: ${stderr}`)));
      });
      try {
        const sender = new SlackSender(`http://127.0.0.1:${port}/slack/events`, TEST_SIGNING_SECRET);
        const event = { type: 'app_mention', user: 'U0ASKER', text: '<@UBOT> clause 7.2', ts: '1700009999.000001', channel: 'C0MAIN', team: 'T0FAKE' };
        expect((await sender.event(event, 'Ev-main')).status).toBe(200);
        const post = await fake.waitFor(() => fake.callsTo('chat.postMessage').find((c) => c.args.channel === 'C0MAIN'), 'the answer');
        expect(post.args.thread_ts).toBe('1700009999.000001');
        expect(JSON.stringify(post.args.blocks)).toContain('plan-article:7.2');
        const down = /"(fb:down:[\w-]+)"/.exec(JSON.stringify(post.args.blocks))![1]!;
        await sender.interaction(feedbackClick({ actionId: FEEDBACK_ACTION_ID, value: down, responseUrl: fake.responseUrl('main-fb') }));
        await fake.waitFor(() => fake.postsTo('main-fb')[0], 'the thanks');
      } finally {
        child.kill('SIGTERM');
      }
      expect(await exited).toBe(0);
      expect(stderr).toContain('"msg":"stopped"');
      expect(stderr).not.toContain('xoxb-1-main-test');
      // Written before the process exited, into DATA_DIR's default under the working directory.
      const report = readReport(join(cwd, 'data', 'peace-plan.db'), 0, Date.now() + 1);
      expect(report.status === 'ok' && { questions: report.data.questions, feedback: report.data.feedback }).toEqual({ questions: 1, feedback: { up: 0, down: 1 } });
    });
  });
});
