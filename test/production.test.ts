/**
 * A production install: `npm ci && npm run build && npm prune --omit=dev`, then the built entry
 * points started without rebuilding. `.ci/run` makes such a copy and names it in PPB_PRUNED_DIR;
 * without it these tests skip (making one takes minutes). The fakes run from this checkout, which
 * has the dev dependencies they need; the bot runs from the pruned copy, which must not.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord, type JsonObject } from './adapters/discord/fake-discord.js';
import { FakeSlack, SlackSender } from './adapters/slack/fake-slack.js';
import { TEST_SIGNING_SECRET } from './adapters/slack/harness.js';
import { FakeTelegram } from './adapters/telegram/fake-telegram.js';

const DIR = process.env.PPB_PRUNED_DIR;

/** Starts a built entry point of the pruned copy with only `env` (and PATH), in an empty folder. */
function start(entry: string, env: Record<string, string>): { child: ChildProcess; stderr: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [join(DIR!, 'dist', entry)], { cwd: mkdtempSync(join(tmpdir(), 'pruned-')), env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  return { child, stderr: () => stderr, exited: new Promise((resolve) => child.on('close', resolve)) };
}

describe.skipIf(!DIR)('a pruned production install (PPB_PRUNED_DIR)', () => {
  it('carries no dev dependency', () => {
    for (const dev of ['vitest', 'typescript', 'fast-check', 'esbuild', 'tsx']) expect(existsSync(join(DIR!, 'node_modules', dev)), dev).toBe(false);
  });

  it('answers from the built CLI, through the launcher and directly', () => {
    for (const [cmd, args] of [['sh', [join(DIR!, 'scripts/ask.sh'), '--json', 'what does it say about NATO?']], [process.execPath, [join(DIR!, 'dist/cli.mjs'), '--json', 'what does it say about NATO?']]] as const) {
      const r = spawnSync(cmd, args, { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
      expect(r.status, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout).citations[0].quote).toContain('NATO');
    }
  });

  describe('the built Slack entry point', () => {
    let fake: FakeSlack;
    beforeAll(async () => (fake = await FakeSlack.start()));
    afterAll(async () => fake.close());

    it('starts and answers a signed mention', async () => {
      const bot = start('slack.mjs', { SLACK_BOT_TOKEN: 'xoxb-1-pruned', SLACK_MODE: 'http', SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET, SLACK_API_URL: fake.apiUrl, PORT: '0', LOG_LEVEL: 'info' });
      try {
        const port = await new Promise<number>((resolve, reject) => {
          bot.child.stderr!.on('data', () => {
            const m = /"port":(\d+)/.exec(bot.stderr());
            if (m) resolve(Number(m[1]));
          });
          void bot.exited.then((code) => reject(new Error(`exited ${code}: ${bot.stderr()}`)));
        });
        const sender = new SlackSender(`http://127.0.0.1:${port}/slack/events`, TEST_SIGNING_SECRET);
        const event = { type: 'app_mention', user: 'U0ASKER', text: '<@UBOT> clause 7.2', ts: '1700009999.000002', channel: 'C0PRUNE', team: 'T0FAKE' };
        expect((await sender.event(event, 'Ev-pruned')).status).toBe(200);
        const post = await fake.waitFor(() => fake.callsTo('chat.postMessage').find((c) => c.args.channel === 'C0PRUNE'), 'the answer');
        expect(JSON.stringify(post.args.blocks)).toContain('plan-article:7.2');
      } finally {
        bot.child.kill('SIGTERM');
      }
      expect(await bot.exited).toBe(0);
    });
  });

  describe('the built Discord entry point', () => {
    let fake: FakeDiscord;
    beforeAll(async () => (fake = await FakeDiscord.start()));
    afterAll(async () => fake.close());

    it('connects and answers a slash command', async () => {
      const bot = start('discord.mjs', { DISCORD_TOKEN: fake.token, DISCORD_APPLICATION_ID: fake.ids.application, DISCORD_API_URL: fake.apiUrl });
      try {
        const interaction = fake.interaction('clause', [{ name: 'id', type: 3, value: 'plan-article:7.2' }]);
        await new Promise((r) => setTimeout(r, 100));
        await fake.waitForGateway((p) => p.op === 2, 15_000);
        fake.dispatch('INTERACTION_CREATE', interaction);
        const callback = await fake.waitForRequest((r) => r.path === `/interactions/${String(interaction.id)}/${String(interaction.token)}/callback`);
        expect(((callback.body as JsonObject).data as JsonObject).embeds).toBeDefined();
        expect(JSON.stringify(callback.body)).toContain('plan-article:7.2');
      } finally {
        bot.child.kill('SIGTERM');
      }
      expect(await bot.exited).toBe(0);
    });
  });

  describe('the built Telegram entry point', () => {
    let fake: FakeTelegram;
    beforeAll(async () => (fake = await FakeTelegram.start()));
    afterAll(async () => fake.close());

    it('polls and answers a private message', async () => {
      const bot = start('telegram.mjs', { TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot });
      try {
        fake.push(fake.message('/clause 7.2', { chatId: 9001, entities: [{ type: 'bot_command', offset: 0, length: 7 }] }));
        const sent = await fake.waitForCall((c) => c.method === 'sendMessage' && c.body.chat_id === 9001, 20_000);
        expect(String(sent.body.text)).toContain('plan-article:7.2');
      } finally {
        bot.child.kill('SIGTERM');
      }
      expect(await bot.exited).toBe(0);
    });
  });
});
