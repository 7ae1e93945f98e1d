/**
 * The two entry points as real processes: `main.ts` (npm run discord) and `register.ts`
 * (npm run discord:register), run with a clean environment against the fake Discord.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { REST } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS, registerCommands } from '../../../adapters/discord/commands.js';
import { readReport } from '../../../src/store/query.js';
import { FakeDiscord, Op, type JsonObject } from './fake-discord.js';
import { SQLITE_UNAVAILABLE } from '../../helpers/sqlite.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const TSX = pathToFileURL(join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;

interface Run {
  child: ChildProcess;
  /** Standard error so far. */
  stderr: () => string;
  /** Resolves when the process exits. */
  done: Promise<{ code: number | null; stdout: string; stderr: string }>;
}

/**
 * Starts an entry point under tsx with only the given variables (and PATH) in its environment, in an
 * empty working directory (or `cwd`), so that a developer's own `.env` cannot leak into the test.
 */
function start(entry: 'main' | 'register', env: Record<string, string>, cwd?: string): Run {
  const dir = cwd ?? mkdtempSync(join(tmpdir(), 'discord-entry-'));
  const child = spawn(process.execPath, ['--import', TSX, join(ROOT, `adapters/discord/${entry}.ts`)], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code) => {
      if (!cwd) rmSync(dir, { recursive: true, force: true });
      resolve({ code, stdout, stderr });
    }),
  );
  return { child, done, stderr: () => stderr };
}

/** Waits until the process has logged `text` on standard error. */
async function logged(run: Run, text: string, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!run.stderr().includes(text)) {
    if (Date.now() > until) throw new Error(`not logged within ${timeoutMs} ms: ${text}\n${run.stderr()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.concurrent('missing or bad configuration', () => {
  it('stops npm run discord with exit code 2, naming every missing variable', async () => {
    const { code, stderr } = await start('main', {}).done;
    expect(code).toBe(2);
    expect(stderr).toContain('DISCORD_TOKEN');
    expect(stderr).toContain('DISCORD_APPLICATION_ID');
  });

  it('names a malformed variable without echoing the token', async () => {
    const { code, stderr } = await start('main', { DISCORD_TOKEN: 'my-secret-token-value', DISCORD_APPLICATION_ID: 'not-a-snowflake', DISCORD_PUBLIC_DEFAULT: 'maybe' }).done;
    expect(code).toBe(2);
    expect(stderr).toContain('DISCORD_APPLICATION_ID');
    expect(stderr).toContain('DISCORD_PUBLIC_DEFAULT');
    expect(stderr).not.toContain('DISCORD_TOKEN');
    expect(stderr).not.toContain('my-secret-token-value');
  });

  it('reads .env from the working directory, with the environment taking precedence', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'discord-dotenv-'));
    try {
      writeFileSync(join(dir, '.env'), 'DISCORD_TOKEN=from-dotenv\nDISCORD_APPLICATION_ID=from-dotenv\n');
      const { code, stderr } = await start('main', { DISCORD_APPLICATION_ID: 'from-environment' }, dir).done;
      expect(code).toBe(2);
      // The token came from .env (so it is not reported missing); the bad id came from the environment.
      expect(stderr).not.toContain('DISCORD_TOKEN');
      expect(stderr).toContain('DISCORD_APPLICATION_ID is invalid');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('stops npm run discord:register with exit code 2 too', async () => {
    const { code, stderr } = await start('register', { DISCORD_APPLICATION_ID: '123456789012345678' }).done;
    expect(code).toBe(2);
    expect(stderr).toContain('DISCORD_TOKEN');
  });
});

describe('against the fake Discord', () => {
  let fake: FakeDiscord;
  beforeAll(async () => {
    fake = await FakeDiscord.start();
  });
  afterAll(async () => {
    await fake?.close();
  });

  const env = (): Record<string, string> => ({
    DISCORD_TOKEN: fake.token,
    DISCORD_APPLICATION_ID: fake.ids.application,
    DISCORD_API_URL: fake.apiUrl,
  });

  it('npm run discord connects, answers a slash command, and exits 0 on SIGTERM without logging the token', async () => {
    const run = start('main', env());
    try {
      await fake.waitForGateway((p) => p.op === Op.Identify, 15_000);
      const interaction = fake.interaction('clause', [{ name: 'id', type: 3, value: 'plan-article:7.2' }]);
      fake.dispatch('INTERACTION_CREATE', interaction);
      const callback = await fake.waitForRequest((r) => r.path === `/interactions/${String(interaction.id)}/${String(interaction.token)}/callback`);
      const data = (callback.body as JsonObject).data as JsonObject;
      expect((data.embeds as JsonObject[])[0]?.title).toBe('plan-article:7.2');
    } finally {
      run.child.kill('SIGTERM');
    }
    const { code, stderr } = await run.done;
    expect(code).toBe(0);
    expect(stderr).toContain('connected to Discord');
    expect(stderr).toContain('shutting down');
    expect(stderr).not.toContain(fake.token);
  });

  it('npm run discord exits 1, explaining the code, when Discord closes the gateway for good mid-session (4014)', async () => {
    const identified = fake.received.filter((p) => p.op === Op.Identify).length;
    const run = start('main', env());
    try {
      await fake.waitForGateway((p) => p.op === Op.Identify && fake.received.filter((q) => q.op === Op.Identify).length > identified, 15_000);
      // READY is sent with IDENTIFY; give the client its turn to process it before the close.
      await new Promise((resolve) => setTimeout(resolve, 200));
      fake.closeSession(4014, 'Disallowed intent(s).');
    } catch (err) {
      run.child.kill('SIGTERM');
      throw err;
    }
    const { code, stderr } = await run.done;
    expect(code).toBe(1);
    expect(stderr).toMatch(/discord: Discord closed the gateway with code 4014: disallowed intents/);
  });

  it.skipIf(SQLITE_UNAVAILABLE)('npm run discord records outcomes and votes in DATA_DIR (./data by default) and writes them before exiting', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'discord-store-'));
    const run = start('main', { ...env(), USER_ID_SALT: 'entry-test-salt-0123456789' }, dir);
    try {
      // Not the gateway's first IDENTIFY, which an earlier test's process may have sent.
      await logged(run, 'connected to Discord', 15_000);
      const ask = fake.interaction('ask', [{ name: 'question', type: 3, value: 'Does Russia rejoin the G8?' }]);
      fake.dispatch('INTERACTION_CREATE', ask);
      const reply = await fake.waitForRequest((r) => r.path === `/interactions/${String(ask.id)}/${String(ask.token)}/callback`);
      const row = (((reply.body as JsonObject).data as JsonObject).components as { components: { custom_id: string }[] }[])[0]!;
      const click = fake.buttonClick(row.components[1]!.custom_id);
      fake.dispatch('INTERACTION_CREATE', click);
      await fake.waitForRequest((r) => r.path === `/interactions/${String(click.id)}/${String(click.token)}/callback`);
    } finally {
      run.child.kill('SIGTERM');
    }
    expect((await run.done).code).toBe(0);
    const result = readReport(join(dir, 'data', 'peace-plan.db'), 0, Date.now() + 1);
    rmSync(dir, { recursive: true, force: true });
    expect(result.status).toBe('ok');
    if (result.status !== 'ok') return;
    expect(result.data.questions).toBe(1);
    expect(result.data.feedback).toEqual({ up: 0, down: 1 });
    expect(result.data.declinedSubjects.map((x) => x.subject)).toContain('G8');
  });

  it('npm run discord reloads the corpus on SIGHUP, and keeps the old one when the new one is broken', async () => {
    const corpus = mkdtempSync(join(tmpdir(), 'discord-reload-'));
    copyFileSync(join(ROOT, 'corpus/plan-article.txt'), join(corpus, 'plan-article.txt'));
    const run = start('main', { ...env(), CORPUS_DIR: corpus });
    const clauseTitle = async (id: string): Promise<unknown> => {
      const interaction = fake.interaction('clause', [{ name: 'id', type: 3, value: id }]);
      fake.dispatch('INTERACTION_CREATE', interaction);
      const callback = await fake.waitForRequest((r) => r.path === `/interactions/${String(interaction.id)}/${String(interaction.token)}/callback`);
      return ((callback.body as JsonObject).data as JsonObject).embeds;
    };
    try {
      await fake.waitForGateway((p) => p.op === Op.Identify, 15_000);
      await logged(run, 'connected to Discord');
      writeFileSync(join(corpus, 'broken.txt'), '---\nid: broken\n---\nNo title.\n');
      run.child.kill('SIGHUP');
      await logged(run, 'corpus reload failed; still answering from the previous corpus');
      expect(run.stderr()).toContain('broken.txt: invalid metadata');
      expect(((await clauseTitle('plan-article:7.2')) as JsonObject[])[0]?.title).toBe('plan-article:7.2');
      rmSync(join(corpus, 'broken.txt'));
      copyFileSync(join(ROOT, 'test/fixtures/numbered/plan-points.txt'), join(corpus, 'plan-points.txt'));
      run.child.kill('SIGHUP');
      await logged(run, 'corpus reloaded');
      expect(((await clauseTitle('10')) as JsonObject[])[0]?.title).toBe('plan-points:10 · draft 1');
    } finally {
      run.child.kill('SIGTERM');
      await run.done;
      rmSync(corpus, { recursive: true, force: true });
    }
  });

  it('npm run discord:register PUTs the payload to the guild, and running it twice changes nothing', async () => {
    const route = `/applications/${fake.ids.application}/guilds/${fake.ids.guild}/commands`;
    const first = await start('register', { ...env(), DISCORD_GUILD_ID: fake.ids.guild }).done;
    expect(first.code).toBe(0);
    const afterFirst = structuredClone(fake.commands.get(route));
    const second = await start('register', { ...env(), DISCORD_GUILD_ID: fake.ids.guild }).done;
    expect(second.code).toBe(0);
    expect(fake.commands.get(route)).toEqual(afterFirst);
    const puts = fake.requestsTo('PUT', /commands$/);
    expect(puts.map((r) => r.path)).toEqual([route, route]);
    expect(puts[0]!.body).toEqual(JSON.parse(JSON.stringify(COMMANDS)));
    expect(puts[1]!.body).toEqual(puts[0]!.body);
    expect(puts[0]!.authorization).toBe(`Bot ${fake.token}`);
    expect(first.stdout).toContain(`Registered ${COMMANDS.length} commands`);
  });

  it('registers globally when no guild is given', async () => {
    const rest = new REST({ api: fake.apiUrl }).setToken(fake.token);
    expect(await registerCommands(rest, fake.ids.application)).toBe(COMMANDS.length);
    expect(fake.commands.get(`/applications/${fake.ids.application}/commands`)?.map((c) => c.name)).toEqual(COMMANDS.map((c) => c.name));
  });

  it('npm run discord:register exits 1 when Discord refuses the token', async () => {
    const { code, stderr } = await start('register', { ...env(), DISCORD_TOKEN: 'wrong-token' }).done;
    expect(code).toBe(1);
    expect(stderr).toContain('401');
    expect(stderr).not.toContain('wrong-token');
  });
});
