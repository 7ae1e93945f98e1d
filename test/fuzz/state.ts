/**
 * The state-file fuzz (issue 22): random, truncated and corrupted conversation files (threads' turns
 * and the edit map), restarts that read them back, Slack's retries and, with a real Redis, random
 * outages and restarts (empty), all fed to the Slack adapter's real message listeners. Every message
 * must be answered (a post, or an update of its earlier answer) exactly once.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { App, webApi } from '@slack/bolt';
import type { HandlerContext } from '../../adapters/slack/context.js';
import { registerMessageListeners } from '../../adapters/slack/messages.js';
import type { PlanBot } from '../../src/dialogue/bot.js';
import { createLogger } from '../../src/runtime/logger.js';
import { JsonFileStore } from '../../src/state/conversation-store.js';
import type { SharedState } from '../../src/state/shared-state.js';

/** What the fuzz needs besides the bot: the shared state, and (with Redis) a way to make it fail. */
export interface StateFuzzOptions {
  state: SharedState;
  /** Kills Redis and starts it again, empty; called at random. */
  outage?: () => Promise<void>;
}

/** The outcome: cases run, and a description of each one that was not answered exactly once. */
export interface StateFuzzResult {
  cases: number;
  problems: string[];
}

/** A small seeded generator (mulberry32): the same seed gives the same run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TEXTS = ['What does the plan say about NATO?', 'how big can the army be?', 'and for Russia?', 'what about sanctions?', 'what about Crimea?', 'tell me more', 'source?', 'more', 'clause 7.2', 'hello', '', '???', 'and', 'what about bananas?'];
const CHANNELS = ['D0FUZZ', 'C0FUZZ'];

/** A random JSON value, sometimes shaped like a stored entry with one field wrong. */
function junk(rnd: () => number, depth = 0): unknown {
  const pick = Math.floor(rnd() * 9);
  const word = (): string => TEXTS[Math.floor(rnd() * TEXTS.length)]!;
  switch (depth > 2 ? pick % 5 : pick) {
    case 0: return null;
    case 1: return Math.floor(rnd() * 100) - 50;
    case 2: return word();
    case 3: return rnd() < 0.5;
    case 4: return { kind: 'thread', previous: { question: rnd() < 0.5 ? 42 : word(), subject: rnd() < 0.5 ? 'army' : ['army'], citationIds: rnd() < 0.5 ? [7] : ['plan-article:7.2'] } };
    case 5: return { kind: 'answer', ref: { channel: rnd() < 0.5 ? 5 : 'C0FUZZ', message: rnd() < 0.5 ? undefined : '1.2' } };
    case 6: return Array.from({ length: Math.floor(rnd() * 4) }, () => junk(rnd, depth + 1));
    case 7: return Object.fromEntries(Array.from({ length: Math.floor(rnd() * 3) }, (_, i) => [`k${i}`, junk(rnd, depth + 1)]));
    default: return [thisKey(rnd), junk(rnd, depth + 1)];
  }
}

/** Messages sent so far (`channel`, `ts`): the keys the adapter will look up, so corrupted entries are read. */
const sent: [channel: string, ts: string][] = [];

/** A key the adapter will look up: a DM's conversation, a thread's, or an earlier message's answer. */
function thisKey(rnd: () => number): string {
  const [channel, ts] = sent[Math.floor(rnd() * sent.length)] ?? ['D0FUZZ', '1000.000001'];
  const pick = rnd();
  if (pick < 0.3) return `thread:${channel}:dm`;
  return pick < 0.6 ? `thread:${channel}:${ts}` : `answer:${channel}:${ts}`;
}

/** A file's text: random bytes, random JSON, entries with bad fields, or a good file cut short. */
function fileText(rnd: () => number, good: string): string {
  switch (Math.floor(rnd() * 4)) {
    case 0: return Array.from({ length: Math.floor(rnd() * 200) }, () => String.fromCharCode(Math.floor(rnd() * 128))).join('');
    case 1: return JSON.stringify(junk(rnd));
    case 2: return JSON.stringify(Array.from({ length: 1 + Math.floor(rnd() * 6) }, () => (rnd() < 0.7 ? [thisKey(rnd), junk(rnd, 1)] : junk(rnd, 1))));
    default: return good.slice(0, Math.floor(rnd() * good.length));
  }
}

type Listener = (args: Record<string, unknown>) => Promise<void>;

/**
 * Runs `runs` messages through the Slack listeners. Every so often the conversation file is replaced
 * (corrupted) and read back, as a restart would; every message is delivered once or twice (a retry),
 * and with `outage` Redis is restarted empty at random between deliveries.
 */
export async function fuzzState(bot: Pick<PlanBot, 'ask'>, runs: number, seed: number, options: StateFuzzOptions): Promise<StateFuzzResult> {
  const rnd = random(seed);
  sent.length = 0;
  const dir = mkdtempSync(join(tmpdir(), 'state-fuzz-'));
  const file = join(dir, 'slack-conversations.json');
  const calls: string[] = [];
  const client = {
    chat: {
      postMessage: async (args: { channel: string }) => (calls.push(`post:${args.channel}`), { ok: true, ts: `${9000 + calls.length}.000100` }),
      update: async (args: { channel: string; ts: string }) => (calls.push(`update:${args.channel}:${args.ts}`), { ok: true }),
    },
  } as unknown as webApi.WebClient;
  const listeners: { mention?: Listener; message?: Listener } = {};
  const app = {
    event: (_name: string, fn: Listener) => void (listeners.mention = fn),
    message: (fn: Listener) => void (listeners.message = fn),
  } as unknown as App;
  let conversations = new JsonFileStore(file, 50, () => {}, 0);
  const ctx: HandlerContext = {
    bot,
    config: { SLACK_RESPONSE_TYPE: 'ephemeral', LOG_QUESTIONS: false },
    logger: createLogger({ level: 'silent' }),
    state: options.state,
    get conversations() {
      return conversations;
    },
    track: (work) => work(),
  };
  registerMessageListeners(app, ctx);
  const problems: string[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      if (rnd() < 0.2) {
        conversations.flush();
        writeFileSync(file, fileText(rnd, JSON.stringify([[thisKey(rnd), { kind: 'thread', previous: { subject: ['army'], citationIds: ['plan-article:7.1'] } }]])));
        conversations = new JsonFileStore(file, 50, () => {}, 0);
      }
      const channel = CHANNELS[Math.floor(rnd() * CHANNELS.length)]!;
      const earlier = sent.filter(([c]) => c === channel);
      const target = earlier.length > 0 && rnd() < 0.3 ? earlier[Math.floor(rnd() * earlier.length)]![1] : undefined;
      // An edit of an earlier message updates its answer (or, unknown, is answered like a new one).
      const edited = target ? { ts: `${5000 + i}.000100` } : undefined;
      const uniqueTs = target ?? `${1000 + i}.${String(i % 1_000_000).padStart(6, '0')}`;
      if (!target) sent.push([channel, uniqueTs]);
      const threadTs = !target && earlier.length > 0 && rnd() < 0.4 ? earlier[Math.floor(rnd() * earlier.length)]![1] : undefined;
      const text = TEXTS[Math.floor(rnd() * TEXTS.length)]!;
      const eventId = `Ev-fuzz-${seed}-${i}`;
      const dm = channel.startsWith('D');
      const id = `${channel}:${uniqueTs}${edited ? `:edited:${edited.ts}` : ''}`;
      const thread = threadTs ? { thread_ts: threadTs } : {};
      const deliver = async (): Promise<void> => {
        if (dm && edited) {
          await listeners.message!({ message: { type: 'message', subtype: 'message_changed', channel, channel_type: 'im', message: { user: 'U0FUZZ', text, ts: uniqueTs, edited: { ts: edited.ts } } }, body: { event_id: eventId, team_id: 'T0FUZZ' }, client });
        } else if (dm) {
          await listeners.message!({ message: { type: 'message', channel, channel_type: 'im', user: 'U0FUZZ', text, ts: uniqueTs, ...thread }, body: { event_id: eventId, team_id: 'T0FUZZ' }, client });
        } else {
          await listeners.mention!({ event: { type: 'app_mention', user: 'U0FUZZ', text: `<@UBOT> ${text}`, ts: uniqueTs, channel, ...thread, ...(edited ? { edited } : {}) }, body: { event_id: eventId, team_id: 'T0FUZZ' }, client });
        }
      };
      const before = calls.length;
      try {
        await deliver();
        if (options.outage && rnd() < 0.05) await options.outage();
        if (rnd() < 0.5) await deliver();
      } catch (err) {
        problems.push(`${id} (${JSON.stringify(text)}): threw ${err instanceof Error ? err.message : String(err)}`);
        continue;
      }
      const made = calls.length - before;
      if (made !== 1) problems.push(`${id} (${JSON.stringify(text)}): answered ${made} times`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return { cases: runs, problems };
}
