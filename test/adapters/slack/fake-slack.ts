/**
 * A local stand-in for Slack, for tests and load tests: a Web API server on 127.0.0.1 that answers
 * like Slack (`{ ok: true, … }`) and records what the bot sends, `response_url` endpoints, a Socket
 * Mode WebSocket endpoint, and a sender that signs requests to the bot exactly as Slack does.
 */
import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse as parseQuery } from 'node:querystring';
import { WebSocketServer, type WebSocket } from 'ws';

/** The scopes a correctly installed app has (the manifest's). */
export const ALL_SCOPES = ['app_mentions:read', 'chat:write', 'commands', 'im:history'];

/** One Web API call the bot made. */
export interface ApiCall {
  method: string;
  /** Form fields, with `blocks` JSON-decoded. */
  args: Record<string, unknown>;
  /** The bearer token it was made with. */
  token: string | undefined;
  /** When the fake received it (`performance.now()`), for the bench's latency figures. */
  at: number;
}

/** One message the bot sent to a `response_url`. */
export interface ResponsePost {
  /** The id in the URL (see {@link FakeSlack.responseUrl}). */
  id: string;
  body: Record<string, unknown>;
}

/** A canned reply for one call. */
export interface Reply {
  status?: number;
  headers?: Record<string, string>;
  body: unknown;
  /** Wait this long before answering (a slow Slack). */
  delayMs?: number;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

const JSON_FIELDS = new Set(['blocks', 'attachments', 'metadata']);

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function send(res: ServerResponse, reply: Reply): void {
  res.writeHead(reply.status ?? 200, { 'content-type': 'application/json; charset=utf-8', ...reply.headers });
  res.end(JSON.stringify(reply.body));
}

/**
 * The fake Slack Web API. Point the bot's `SLACK_API_URL` at {@link FakeSlack.apiUrl}.
 *
 * @example
 * const slack = await FakeSlack.start();
 * // … bot posts …
 * const post = await slack.waitFor(() => slack.callsTo('chat.postMessage')[0], 'an answer');
 * await slack.close();
 */
export class FakeSlack {
  /** Every Web API call, in arrival order. */
  readonly calls: ApiCall[] = [];
  /** Every `response_url` post, in arrival order. */
  readonly responsePosts: ResponsePost[] = [];
  /** Scopes reported by `auth.test` (header `x-oauth-scopes`); undefined: no header. */
  scopes: string[] | undefined = [...ALL_SCOPES];
  /** The error `auth.test` answers with, if any (e.g. `invalid_auth`). */
  authError: string | undefined;
  /** `response_url` ids that answer as Slack does a used-up or expired URL (404 `expired_url`). */
  readonly deadResponseUrls = new Set<string>();
  /** The error `apps.connections.open` answers with, if any (e.g. `invalid_auth`). */
  appTokenError: string | undefined;
  /** Socket Mode acknowledgements the bot sent (`{ envelope_id, payload }`), in arrival order. */
  readonly socketAcks: { envelope_id: string; payload?: unknown }[] = [];
  private readonly sockets = new Set<WebSocket>();
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly queued = new Map<string, Reply[]>();
  private ts = 1_700_000_000;

  private constructor(private readonly server: Server) {
    // Socket Mode: apps.connections.open hands out ws://…/link/, where the bot connects.
    server.on('upgrade', (req, socket, head) => {
      if (!req.url?.startsWith('/link/')) {
        socket.destroy();
        return;
      }
      this.wss.handleUpgrade(req, socket, head, (ws) => this.onSocket(ws));
    });
  }

  private onSocket(ws: WebSocket): void {
    this.sockets.add(ws);
    ws.on('close', () => this.sockets.delete(ws));
    ws.on('message', (data: Buffer) => this.socketAcks.push(JSON.parse(data.toString()) as { envelope_id: string }));
    ws.send(JSON.stringify({ type: 'hello', num_connections: 1, debug_info: { host: 'fake-slack' }, connection_info: { app_id: 'A0FAKE' } }));
  }

  /** How many Socket Mode connections are open. */
  get socketCount(): number {
    return this.sockets.size;
  }

  /**
   * Sends a Socket Mode envelope to every connected bot, as Slack does: `events_api` with an Events API
   * body, `slash_commands` with a command's fields, `interactive` with an interactivity payload.
   */
  sendEnvelope(type: 'events_api' | 'slash_commands' | 'interactive', payload: unknown, envelopeId: string): void {
    const message = JSON.stringify({ envelope_id: envelopeId, type, payload, accepts_response_payload: type !== 'events_api', retry_attempt: 0, retry_reason: '' });
    for (const ws of this.sockets) ws.send(message);
  }

  /** Starts the fake on 127.0.0.1, on a port the OS picks. */
  static async start(): Promise<FakeSlack> {
    const server = createServer();
    const fake = new FakeSlack(server);
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      fake.handle(req, res).catch((err: unknown) => send(res, { status: 500, body: { ok: false, error: String(err) } }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  private get base(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Web API base URL, like `https://slack.com/api/`. */
  get apiUrl(): string {
    return `${this.base}/api/`;
  }

  /** A `response_url` whose posts are recorded under `id`. */
  responseUrl(id: string): string {
    return `${this.base}/response/${id}`;
  }

  private readonly delays = new Map<string, number[]>();

  /** Makes the next call to `method` wait `ms` before its usual answer (queued, one per call). */
  delayOnce(method: string, ms: number): void {
    const list = this.delays.get(method) ?? [];
    list.push(ms);
    this.delays.set(method, list);
  }

  /** Makes the next call to `method` get `reply` instead of the usual answer (queued, one per call). */
  replyOnce(method: string, reply: Reply): void {
    this.queued.set(method, [...(this.queued.get(method) ?? []), reply]);
  }

  /** The recorded calls to one method. */
  callsTo(method: string): ApiCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** The recorded posts to one `response_url`. */
  postsTo(id: string): ResponsePost[] {
    return this.responsePosts.filter((p) => p.id === id);
  }

  /** Polls until `pick` returns something (not a timing assertion: a bound on waiting). */
  async waitFor<T>(pick: () => T | undefined, what: string, timeoutMs = 5000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = pick();
      if (found !== undefined) return found;
      if (Date.now() > deadline) throw new Error(`fake Slack: gave up waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  /** Stops the server. */
  async close(): Promise<void> {
    for (const ws of this.sockets) ws.terminate();
    this.wss.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const at = performance.now();
    const url = new URL(req.url ?? '/', this.base);
    const raw = await readBody(req);
    if (url.pathname.startsWith('/response/')) {
      const id = url.pathname.slice('/response/'.length);
      if (this.deadResponseUrls.has(id)) {
        send(res, { status: 404, body: { ok: false, error: 'expired_url' } });
        return;
      }
      this.responsePosts.push({ id, body: JSON.parse(raw) as Record<string, unknown> });
      send(res, { body: { ok: true } });
      return;
    }
    if (!url.pathname.startsWith('/api/')) {
      send(res, { status: 404, body: { ok: false, error: 'not_found' } });
      return;
    }
    const method = url.pathname.slice('/api/'.length);
    const form = req.headers['content-type']?.startsWith('application/json') ? (JSON.parse(raw || '{}') as Record<string, unknown>) : parseQuery(raw);
    const args: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(form)) args[k] = JSON_FIELDS.has(k) && typeof v === 'string' ? JSON.parse(v) : v;
    const token = req.headers.authorization?.replace(/^Bearer /, '');
    this.calls.push({ method, args, token, at });
    const queued = this.queued.get(method);
    if (queued?.length) {
      const reply = queued.shift()!;
      if (reply.delayMs) await sleep(reply.delayMs);
      send(res, reply);
      return;
    }
    const delay = this.delays.get(method)?.shift();
    if (delay) await sleep(delay);
    send(res, this.answer(method, args));
  }

  /** Slack-shaped answers for the methods the bot uses. */
  private answer(method: string, args: Record<string, unknown>): Reply {
    switch (method) {
      case 'auth.test':
        if (this.authError) return { body: { ok: false, error: this.authError } };
        return {
          headers: this.scopes ? { 'x-oauth-scopes': this.scopes.join(',') } : {},
          body: { ok: true, url: 'https://fake-workspace.slack.com/', team: 'Fake Workspace', user: 'peace-plan-bot', team_id: 'T0FAKE', user_id: 'UBOT', bot_id: 'BBOT', is_enterprise_install: false },
        };
      case 'chat.postMessage': {
        const ts = `${this.ts++}.000100`;
        return { body: { ok: true, channel: args.channel, ts, message: { type: 'message', text: args.text, ts, bot_id: 'BBOT' } } };
      }
      case 'chat.update':
        return { body: { ok: true, channel: args.channel, ts: args.ts, text: args.text } };
      case 'chat.postEphemeral':
        return { body: { ok: true, message_ts: `${this.ts++}.000200` } };
      case 'chat.delete':
        return { body: { ok: true, channel: args.channel, ts: args.ts } };
      case 'apps.connections.open':
        if (this.appTokenError) return { body: { ok: false, error: this.appTokenError } };
        return { body: { ok: true, url: `${this.base.replace(/^http/, 'ws')}/link/?ticket=fake-ticket` } };
      default:
        return { body: { ok: false, error: 'unknown_method' } };
    }
  }
}

/** Slack's request signature: `v0=` + hex HMAC-SHA256 of `v0:<timestamp>:<raw body>`. */
export function slackSignature(secret: string, timestamp: number, rawBody: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${rawBody}`).digest('hex')}`;
}

/** The Events API body Slack sends for `event` (over HTTP, or as a Socket Mode `events_api` payload). */
export function eventEnvelope(event: Record<string, unknown>, eventId: string): Record<string, unknown> {
  return {
    token: 'legacy-verification-token',
    team_id: 'T0FAKE',
    api_app_id: 'A0FAKE',
    event,
    type: 'event_callback',
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ enterprise_id: null, team_id: 'T0FAKE', user_id: 'UBOT', is_bot: true, is_enterprise_install: false }],
  };
}

/** What varies between slash commands in tests. */
export interface CommandFields {
  command: string;
  text: string;
  response_url: string;
  user_id?: string;
  channel_id?: string;
}

/** The fields Slack sends for a slash command (form-encoded over HTTP, an object over Socket Mode). */
export function commandPayload(fields: CommandFields): Record<string, string> {
  return {
    token: 'legacy-verification-token',
    team_id: 'T0FAKE',
    team_domain: 'fake-workspace',
    channel_id: fields.channel_id ?? 'C0CHANNEL',
    channel_name: 'general',
    user_id: fields.user_id ?? 'U0ASKER',
    user_name: 'asker',
    command: fields.command,
    text: fields.text,
    api_app_id: 'A0FAKE',
    is_enterprise_install: 'false',
    response_url: fields.response_url,
    trigger_id: `trigger-${Math.random().toString(36).slice(2)}`,
  };
}

/**
 * The `block_actions` payload Slack sends when someone clicks one of a message's feedback buttons
 * (a `feedback_buttons` element in a `context_actions` block); `value` is the clicked button's value.
 */
export function feedbackClick(fields: { actionId: string; value: string; responseUrl: string; userId?: string; ephemeral?: boolean }): Record<string, unknown> {
  const user = fields.userId ?? 'U0CLICKER';
  return {
    type: 'block_actions',
    team: { id: 'T0FAKE', domain: 'fake-workspace' },
    user: { id: user, username: 'clicker', name: 'clicker', team_id: 'T0FAKE' },
    api_app_id: 'A0FAKE',
    token: 'legacy-verification-token',
    container: fields.ephemeral
      ? { type: 'message', message_ts: '1700000000.000100', channel_id: 'C0CHANNEL', is_ephemeral: true }
      : { type: 'message', message_ts: '1700000000.000100', channel_id: 'C0CHANNEL', is_ephemeral: false, thread_ts: '1700000000.000001' },
    trigger_id: `trigger-feedback-${Math.random().toString(36).slice(2)}`,
    channel: { id: 'C0CHANNEL', name: 'general' },
    response_url: fields.responseUrl,
    actions: [{ type: 'feedback_buttons', action_id: fields.actionId, block_id: 'fb', value: fields.value, text: { type: 'plain_text', text: fields.value.includes(':up:') ? '👍' : '👎' }, action_ts: '1700000001.000200' }],
  };
}

/** Options of one signed request. */
export interface SendOptions {
  /** Signs with this secret instead of the sender's (a forgery). */
  secret?: string;
  /** Request timestamp in seconds; default now. */
  timestamp?: number;
  /** Extra headers, e.g. `X-Slack-Retry-Num`. */
  headers?: Record<string, string>;
}

/**
 * Sends requests to the bot as Slack does: events as JSON, slash commands and interactivity as
 * form posts, every one signed with the signing secret.
 */
export class SlackSender {
  constructor(
    /** The bot's endpoint, e.g. `http://127.0.0.1:1234/slack/events`. */
    readonly url: string,
    readonly secret: string,
  ) {}

  /** Posts a raw body with Slack's headers; returns the HTTP response. */
  async send(rawBody: string, contentType: string, options: SendOptions = {}): Promise<Response> {
    const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
    return fetch(this.url, {
      method: 'POST',
      headers: {
        'content-type': contentType,
        'x-slack-request-timestamp': String(timestamp),
        'x-slack-signature': slackSignature(options.secret ?? this.secret, timestamp, rawBody),
        ...options.headers,
      },
      body: rawBody,
    });
  }

  /** An Events API delivery of `event`. */
  event(event: Record<string, unknown>, eventId: string, options?: SendOptions): Promise<Response> {
    return this.send(JSON.stringify(eventEnvelope(event, eventId)), 'application/json', options);
  }

  /** A slash command, form-encoded as Slack sends it. */
  command(fields: CommandFields, options?: SendOptions): Promise<Response> {
    return this.send(new URLSearchParams(commandPayload(fields)).toString(), 'application/x-www-form-urlencoded', options);
  }

  /** An interactivity payload (e.g. `block_actions`), form-encoded in a `payload` field. */
  interaction(payload: Record<string, unknown>, options?: SendOptions): Promise<Response> {
    return this.send(new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), 'application/x-www-form-urlencoded', options);
  }
}
