/**
 * Starts the real Slack adapter (real Bolt, HTTP receiver on 127.0.0.1, port 0) against a
 * {@link FakeSlack}, with logs captured. Shared by the adapter's tests and any later load test.
 */
import { afterAll, beforeAll } from 'vitest';
import { createSlackApp, EVENTS_PATH, type ListenOptions, type SlackAppOptions, type SlackBot } from '../../../adapters/slack/app.js';
import { SHARE_ACTION_ID, SHARE_LABEL } from '../../../adapters/slack/render.js';
import { loadSlackConfig, type SlackConfig } from '../../../adapters/slack/config.js';
import { PlanBot } from '../../../src/dialogue/bot.js';
import type { ConversationStore } from '../../../src/state/conversation-store.js';
import { createLogger } from '../../../src/runtime/logger.js';
import type { OutcomeStore } from '../../../src/store/types.js';
import { tempStore, type TempStore } from '../../store/helpers.js';
import { FakeSlack, SlackSender } from './fake-slack.js';

/** The signing secret the harness's app verifies and its sender signs with. */
export const TEST_SIGNING_SECRET = 'test-signing-secret-0123456789';
/** The bot token the harness's app uses (shaped like a real one, so log scrubbing is exercised). */
export const TEST_BOT_TOKEN = 'xoxb-1111-2222-testtokenvalue';
/** The app-level token for Socket Mode runs. */
export const TEST_APP_TOKEN = 'xapp-1-A0FAKE-3333-testapptokenvalue';

let shared: PlanBot | undefined;
/** The core, loaded once per test file (it is immutable apart from rate limiting, which is off here). */
export function testBot(): PlanBot {
  shared ??= PlanBot.load({ rateLimit: { perMinute: 0 } });
  return shared;
}

/** A running adapter with its fake Slack, sender and captured log lines. */
export interface Harness {
  fake: FakeSlack;
  slack: SlackBot;
  /** Sends signed HTTP requests to the bot (HTTP mode; in Socket Mode use `fake.sendEnvelope`). */
  sender: SlackSender;
  config: SlackConfig;
  /** Parsed JSON log lines, in order. */
  logs: Record<string, unknown>[];
  /** The raw log text (to check that secrets never appear). */
  rawLog(): string;
  close(): Promise<void>;
}

/** Options of {@link startHarness}. */
export interface HarnessOptions {
  env?: Record<string, string>;
  /** Set up the fake before the adapter's self-check runs. */
  prepare?: (fake: FakeSlack) => void;
  bot?: Pick<PlanBot, 'ask'>;
  /** Where to listen in HTTP mode; default any free port on 127.0.0.1. */
  listen?: ListenOptions;
  /** Where outcomes and feedback go; without it, answers carry no feedback buttons. */
  store?: OutcomeStore;
  /** The adapter's conversation store (a file-backed one to test restarts); default in memory. */
  conversations?: ConversationStore;
  /** `/healthz`, `/readyz` and `/metrics` beside the events. */
  health?: SlackAppOptions['health'];
}

/** Starts fake Slack and the adapter; `start()` rejections propagate (after cleaning up). */
export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const fake = await FakeSlack.start();
  options.prepare?.(fake);
  const raw: string[] = [];
  const logger = createLogger({ level: 'debug', name: 'slack-test', destination: { write: (line: string) => void raw.push(line) } });
  const config = loadSlackConfig({
    SLACK_BOT_TOKEN: TEST_BOT_TOKEN,
    SLACK_MODE: 'http',
    SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
    SLACK_API_URL: fake.apiUrl,
    LOG_QUESTIONS: 'true',
    ...options.env,
  });
  // Retries without the production back-off, so a 429 test costs only its Retry-After.
  const slack = createSlackApp({ config, bot: options.bot ?? testBot(), logger, retryConfig: { retries: 2, minTimeout: 10, maxTimeout: 20 }, ...(options.store ? { store: options.store } : {}), ...(options.conversations ? { conversations: options.conversations } : {}), health: options.health });
  try {
    await slack.start(options.listen ?? { port: 0, host: '127.0.0.1' });
  } catch (err) {
    await fake.close();
    throw Object.assign(err as Error, { log: raw.join('') });
  }
  const sender = new SlackSender(`http://127.0.0.1:${slack.port ?? 0}${EVENTS_PATH}`, TEST_SIGNING_SECRET);
  return {
    fake,
    slack,
    sender,
    config,
    get logs() {
      return raw.join('').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
    },
    rawLog: () => raw.join(''),
    async close() {
      await slack.stop();
      await fake.close();
    },
  };
}

let counter = 0;
/** A fresh Slack timestamp (`seconds.micros`), unique within the test run. */
export function nextTs(): string {
  counter += 1;
  return `1700001${String(counter).padStart(3, '0')}.${String(counter).padStart(6, '0')}`;
}

/** Every string anywhere in a JSON value except under the `skip` keys, for "nothing in this message does X" checks. */
export function allStrings(value: unknown, skip: string[] = []): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap((v) => allStrings(v, skip));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => (skip.includes(k) ? [] : allStrings(v, skip)));
  return [];
}

/** A click on "Share in channel" under an answer to `value`, as Slack posts it. */
export function blockAction(value: string, responseUrl: string): Record<string, unknown> {
  return {
    type: 'block_actions',
    team: { id: 'T0FAKE', domain: 'fake-workspace' },
    user: { id: 'U0ASKER', username: 'asker', team_id: 'T0FAKE' },
    api_app_id: 'A0FAKE',
    token: 'legacy-verification-token',
    // Each private answer is its own message, with its own ts (a share is claimed per message).
    container: { type: 'message', message_ts: nextTs(), channel_id: 'C0CHANNEL', is_ephemeral: true },
    trigger_id: `trigger-share-${responseUrl.split('/').pop()}`,
    channel: { id: 'C0CHANNEL', name: 'general' },
    response_url: responseUrl,
    actions: [{ action_id: SHARE_ACTION_ID, block_id: 'share', text: { type: 'plain_text', text: SHARE_LABEL }, value, type: 'button', action_ts: '1700000000.1' }],
  };
}

/** For a test file: a harness whose adapter records into a real store in a temporary folder, started before all tests and removed after. */
export function useStoreHarness(): { readonly h: Harness; readonly t: TempStore } {
  const state = {} as { h: Harness; t: TempStore };
  beforeAll(async () => {
    state.t = tempStore();
    state.h = await startHarness({ store: state.t.store });
  });
  afterAll(async () => {
    await state.h?.close();
    state.t?.dispose();
  });
  return state;
}
