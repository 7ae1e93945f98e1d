/**
 * A fake Discord on 127.0.0.1 for driving the real discord.js client: a REST server (the `api` base a
 * client is given) and a WebSocket gateway that speaks the gateway protocol (HELLO, IDENTIFY, heartbeats
 * and ACKs, READY, GUILD_CREATE, then whatever the test dispatches). It records every REST request and
 * gateway payload, and answers like Discord does, including 400s for messages over Discord's limits.
 * Reusable by any test: start it, point the client's `rest.api` at `apiUrl`, log in with `token`.
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

/** A JSON value as parsed from a request body. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
/** A JSON object. */
export type JsonObject = { [key: string]: Json };

/** One REST request the fake received; `path` is relative to `/api/v10`. */
export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  authorization: string | undefined;
  body: JsonObject | Json[] | null;
}

/** A gateway payload, either direction. */
export interface GatewayPayload {
  op: number;
  d: Json;
  s?: number | null;
  t?: string | null;
}

/** Options of {@link FakeDiscord.start}. */
export interface FakeDiscordOptions {
  /** The bot token clients must present (REST `Authorization: Bot …` and IDENTIFY). */
  token?: string;
  /** HELLO's heartbeat interval in ms; short values make the client heartbeat during a test. */
  heartbeatInterval?: number;
  /**
   * Shards `GET /gateway/bot` recommends (default 1). An IDENTIFY with fewer shards in all is closed
   * with 4011 "Sharding required", as Discord does for a bot in too many servers.
   */
  shards?: number;
}

/** Gateway opcodes the fake speaks. */
export const Op = { Dispatch: 0, Heartbeat: 1, Identify: 2, Resume: 6, Hello: 10, HeartbeatAck: 11 } as const;

const API_PREFIX = '/api/v10';
/** The fake guild's @everyone permissions: View Channel, Send Messages, Embed Links, Read Message History, both thread creations, Send Messages in Threads. */
export const EVERYONE_PERMISSIONS = (1n << 10n) | (1n << 11n) | (1n << 14n) | (1n << 16n) | (1n << 35n) | (1n << 36n) | (1n << 38n);
let nextSnowflake = 1_300_000_000_000_000_000n;
/** A fresh, increasing Discord id (19 digits). */
export function snowflake(): string {
  nextSnowflake += 1n;
  return nextSnowflake.toString();
}

const now = (): string => new Date('2025-11-24T12:00:00.000Z').toISOString();

/** The ids of everything the fake guild holds. */
export interface FakeIds {
  application: string;
  bot: string;
  guild: string;
  channel: string;
  thread: string;
  user: string;
}

/** Checks a message body against Discord's documented limits; returns the violations (empty if none). */
export function messageLimitErrors(body: JsonObject): string[] {
  const errors: string[] = [];
  const content = typeof body.content === 'string' ? body.content : '';
  if (content.length > 2000) errors.push(`content is ${content.length} > 2000`);
  const embeds = Array.isArray(body.embeds) ? (body.embeds as JsonObject[]) : [];
  if (embeds.length > 10) errors.push(`${embeds.length} embeds > 10`);
  let total = 0;
  for (const [i, e] of embeds.entries()) {
    const title = typeof e.title === 'string' ? e.title : '';
    const description = typeof e.description === 'string' ? e.description : '';
    const footer = e.footer && typeof e.footer === 'object' && !Array.isArray(e.footer) && typeof e.footer.text === 'string' ? e.footer.text : '';
    const fields = Array.isArray(e.fields) ? (e.fields as JsonObject[]) : [];
    if (title.length > 256) errors.push(`embed ${i} title ${title.length} > 256`);
    if (description.length > 4096) errors.push(`embed ${i} description ${description.length} > 4096`);
    if (footer.length > 2048) errors.push(`embed ${i} footer ${footer.length} > 2048`);
    if (fields.length > 25) errors.push(`embed ${i} has ${fields.length} fields > 25`);
    for (const f of fields) {
      const value = typeof f.value === 'string' ? f.value : '';
      if (value.length > 1024) errors.push(`embed ${i} field value ${value.length} > 1024`);
      total += (typeof f.name === 'string' ? f.name.length : 0) + value.length;
    }
    total += title.length + description.length + footer.length;
  }
  if (total > 6000) errors.push(`embeds total ${total} > 6000`);
  return errors;
}

/** A fake Discord: REST on one port, gateway on another, both on 127.0.0.1. */
export class FakeDiscord {
  readonly token: string;
  readonly ids: FakeIds = {
    application: snowflake(),
    bot: snowflake(),
    guild: snowflake(),
    channel: snowflake(),
    thread: snowflake(),
    user: snowflake(),
  };
  /** Every REST request, in arrival order. */
  readonly requests: RecordedRequest[] = [];
  /** Every payload clients sent over the gateway, in arrival order. */
  readonly received: GatewayPayload[] = [];
  /** The query string of every gateway connection (`v`, `encoding`, `compress`). */
  readonly gatewayQueries: URLSearchParams[] = [];
  /** How many of the next interaction callbacks to refuse with 400, as Discord does a reply it will not take. */
  refuseCallbacks = 0;
  /** When true, thread creation fails with 403 Missing Permissions, as for a bot without Create Public Threads. */
  refuseThreads = false;
  /**
   * Permissions denied to the bot in the text channel (and so its threads), enforced by REST as Discord
   * does: 403 for a send or thread it may not make, embeds silently dropped without Embed Links. The
   * client learns them from the guild payload or {@link FakeDiscord.pushChannel}; a test can also leave
   * the client's cache stale to see a 403.
   */
  botDeny = 0n;
  /** How many of the next channel message posts to answer with 429 (a short Retry-After). */
  rateLimitNext = 0;
  /** Users whose DMs are closed: a message to them gets 403 50007, as Discord answers. */
  readonly closedDms = new Set<string>();
  /** DM channels the bot opened (POST /users/@me/channels), by channel id → recipient id. */
  readonly dmChannels = new Map<string, string>();
  /** Threads created from messages, by id → name. */
  readonly threads = new Map<string, string>();
  /** Registered commands per route (`/applications/{id}/commands` or `…/guilds/{id}/commands`). */
  readonly commands = new Map<string, JsonObject[]>();

  private readonly rest: Server;
  private readonly gatewayHttp: Server;
  private readonly gateway: WebSocketServer;
  private readonly heartbeatInterval: number;
  private readonly sockets = new Set<WebSocket>();
  private readonly waiters: { match: (r: RecordedRequest) => boolean; resolve: (r: RecordedRequest) => void }[] = [];
  private readonly gatewayWaiters: { match: (p: GatewayPayload) => boolean; resolve: (p: GatewayPayload) => void }[] = [];
  /** The shards recommended, and required. */
  readonly shardCount: number;
  /** Every IDENTIFY's `shard` field (`[id, total]`), in arrival order. */
  readonly identifies: [number, number][] = [];
  /** The identified session of each shard id. */
  private readonly sessions = new Map<number, WebSocket>();
  private readonly sequences = new Map<WebSocket, number>();

  private constructor(options: FakeDiscordOptions) {
    this.token = options.token ?? 'fake-discord-token';
    this.heartbeatInterval = options.heartbeatInterval ?? 41_250;
    this.shardCount = options.shards ?? 1;
    this.rest = createServer((req, res) => void this.onRequest(req, res));
    this.gatewayHttp = createServer((_req, res) => res.writeHead(426).end());
    this.gateway = new WebSocketServer({ server: this.gatewayHttp });
    this.gateway.on('connection', (socket, req) => this.onConnection(socket, req));
  }

  /** Starts both servers on OS-chosen ports. */
  static async start(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
    const fake = new FakeDiscord(options);
    fake.rest.listen(0, '127.0.0.1');
    fake.gatewayHttp.listen(0, '127.0.0.1');
    await Promise.all([once(fake.rest, 'listening'), once(fake.gatewayHttp, 'listening')]);
    return fake;
  }

  /** The REST base to give discord.js as `rest.api` (it appends `/v10`). */
  get apiUrl(): string {
    return `http://127.0.0.1:${(this.rest.address() as AddressInfo).port}/api`;
  }

  /** The gateway URL that `GET /gateway/bot` hands out. */
  get gatewayUrl(): string {
    return `ws://127.0.0.1:${(this.gatewayHttp.address() as AddressInfo).port}`;
  }

  /** The bot's user object, as Discord sends it. */
  get botUser(): JsonObject {
    return { id: this.ids.bot, username: 'peace-plan-bot', discriminator: '0', global_name: null, avatar: null, bot: true, flags: 0 };
  }

  /** A human user as Discord sends them; by default the guild's owner, `ids.user`. */
  user(id: string = this.ids.user): JsonObject {
    return { id, username: `user${id.slice(-4)}`, discriminator: '0', global_name: null, avatar: null, flags: 0 };
  }

  /** The shard a guild's events go to: `(guild_id >> 22) % shard count`, as Discord routes them. */
  shardOf(guildId: string | undefined, count = this.shardCount): number {
    return guildId === undefined ? 0 : Number((BigInt(guildId) >> 22n) % BigInt(count));
  }

  /**
   * Sends a dispatch (op 0) with the next sequence number to the client: on `shard` if given, else on
   * the shard of `d.guild_id` (shard 0 for DMs, as Discord does).
   */
  dispatch(t: string, d: JsonObject, shard: number = this.shardOf(typeof d.guild_id === 'string' ? d.guild_id : undefined)): void {
    const session = this.sessions.get(shard);
    if (!session) throw new Error(`no client has identified as shard ${shard} on the fake gateway`);
    this.sendDispatch(session, t, d);
  }

  /**
   * Sends a dispatch to every identified connection, as Discord does when two processes run the same
   * shard of one token (each gets every event: the double-answer case).
   */
  broadcast(t: string, d: JsonObject): void {
    for (const socket of this.identified()) this.sendDispatch(socket, t, d);
  }

  /** Sends a dispatch to the `index`-th identified connection only (in order of connection). */
  dispatchTo(index: number, t: string, d: JsonObject): void {
    const socket = this.identified()[index];
    if (!socket) throw new Error(`no identified connection number ${index}`);
    this.sendDispatch(socket, t, d);
  }

  private identified(): WebSocket[] {
    return [...this.sockets].filter((socket) => this.sequences.has(socket));
  }

  private sendDispatch(socket: WebSocket, t: string, d: JsonObject): void {
    const s = (this.sequences.get(socket) ?? 0) + 1;
    this.sequences.set(socket, s);
    this.send(socket, { op: Op.Dispatch, t, s, d });
  }

  /**
   * Resolves with the first REST request, past or future, that matches. Rejects after `timeoutMs` with
   * the requests seen so far, so that a missing request fails with a readable message, not a test timeout.
   */
  waitForRequest(match: (r: RecordedRequest) => boolean, timeoutMs = 5000): Promise<RecordedRequest> {
    const seen = this.requests.find(match);
    if (seen) return Promise.resolve(seen);
    return this.wait(this.waiters, match, timeoutMs, () => this.requests.map((r) => `${r.method} ${r.path}`));
  }

  /** Resolves with the first gateway payload from the client, past or future, that matches. */
  waitForGateway(match: (p: GatewayPayload) => boolean, timeoutMs = 5000): Promise<GatewayPayload> {
    const seen = this.received.find(match);
    if (seen) return Promise.resolve(seen);
    return this.wait(this.gatewayWaiters, match, timeoutMs, () => this.received.map((p) => `op ${p.op}`));
  }

  private wait<T>(
    waiters: { match: (item: T) => boolean; resolve: (item: T) => void }[],
    match: (item: T) => boolean,
    timeoutMs: number,
    seen: () => string[],
  ): Promise<T> {
    return new Promise((resolve, reject) => {
      const waiter = {
        match,
        resolve: (item: T) => {
          clearTimeout(timer);
          resolve(item);
        },
      };
      const timer = setTimeout(() => {
        waiters.splice(waiters.indexOf(waiter), 1);
        reject(new Error(`fake Discord: nothing matched within ${timeoutMs} ms; seen: ${seen().join(', ') || 'nothing'}`));
      }, timeoutMs);
      waiters.push(waiter);
    });
  }

  /** REST requests whose method and path match. */
  requestsTo(method: string, path: RegExp): RecordedRequest[] {
    return this.requests.filter((r) => r.method === method && path.test(r.path));
  }

  /** Closes every connection and both servers. */
  async close(): Promise<void> {
    for (const socket of this.sockets) socket.terminate();
    await new Promise<void>((resolve) => this.gateway.close(() => resolve()));
    for (const server of [this.rest, this.gatewayHttp]) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }

  // --- gateway ---

  private send(socket: WebSocket, payload: GatewayPayload): void {
    socket.send(JSON.stringify(payload));
  }

  private onConnection(socket: WebSocket, req: IncomingMessage): void {
    this.sockets.add(socket);
    this.gatewayQueries.push(new URL(req.url ?? '/', 'ws://fake').searchParams);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('message', (raw, isBinary) => {
      // The fake speaks JSON text frames only; a client asking for compression would be a test failure.
      const payload = JSON.parse(isBinary ? Buffer.from(raw as Buffer).toString('utf8') : String(raw)) as GatewayPayload;
      this.received.push(payload);
      this.onPayload(socket, payload);
      for (const w of this.gatewayWaiters.filter((w) => w.match(payload))) {
        this.gatewayWaiters.splice(this.gatewayWaiters.indexOf(w), 1);
        w.resolve(payload);
      }
    });
    this.send(socket, { op: Op.Hello, d: { heartbeat_interval: this.heartbeatInterval } });
  }

  private onPayload(socket: WebSocket, payload: GatewayPayload): void {
    switch (payload.op) {
      case Op.Heartbeat:
        this.send(socket, { op: Op.HeartbeatAck, d: null });
        break;
      case Op.Identify: {
        const d = payload.d as JsonObject;
        if (d.token !== this.token) {
          socket.close(4004, 'Authentication failed.');
          return;
        }
        const [id, total] = Array.isArray(d.shard) ? (d.shard as [number, number]) : [0, 1];
        this.identifies.push([id, total]);
        if (total < this.shardCount || id >= total) {
          socket.close(4011, 'Sharding required.');
          return;
        }
        this.sessions.set(id, socket);
        this.sequences.set(socket, 0);
        const owns = this.shardOf(this.ids.guild, total) === id;
        this.sendDispatch(socket, 'READY', this.readyPayload(id, total, owns));
        if (owns) this.sendDispatch(socket, 'GUILD_CREATE', this.guildPayload());
        break;
      }
      case Op.Resume: {
        const id = Number(/-(\d+)$/.exec(String((payload.d as JsonObject).session_id))?.[1] ?? 0);
        this.sessions.set(id, socket);
        this.sendDispatch(socket, 'RESUMED', {});
        break;
      }
      default:
        break;
    }
  }

  private readyPayload(shard: number, total: number, ownsGuild: boolean): JsonObject {
    return {
      v: 10,
      user: this.botUser,
      guilds: ownsGuild ? [{ id: this.ids.guild, unavailable: true }] : [],
      session_id: `fake-session-${shard}`,
      resume_gateway_url: this.gatewayUrl,
      shard: [shard, total],
      application: { id: this.ids.application, flags: 0 },
      private_channels: [],
      relationships: [],
      presences: [],
      geo_ordered_rtc_regions: [],
    };
  }

  private member(user: JsonObject): JsonObject {
    return { user, roles: [], joined_at: now(), deaf: false, mute: false, flags: 0, nick: null, avatar: null, premium_since: null };
  }

  /** The text channel, as the gateway and interactions describe it. */
  get channelPayload(): JsonObject {
    return {
      id: this.ids.channel,
      guild_id: this.ids.guild,
      type: 0,
      name: 'general',
      position: 0,
      permission_overwrites: this.botDeny ? [{ id: this.ids.bot, type: 1, allow: '0', deny: String(this.botDeny) }] : [],
      parent_id: null,
      topic: null,
      nsfw: false,
      rate_limit_per_user: 0,
      last_message_id: null,
      flags: 0,
    };
  }

  private threadPayload(id: string, name: string): JsonObject {
    return {
      id,
      guild_id: this.ids.guild,
      parent_id: this.ids.channel,
      owner_id: this.ids.bot,
      type: 11,
      name,
      last_message_id: null,
      rate_limit_per_user: 0,
      message_count: 0,
      member_count: 1,
      total_message_sent: 0,
      flags: 0,
      thread_metadata: { archived: false, auto_archive_duration: 1440, archive_timestamp: now(), locked: false },
    };
  }

  private guildPayload(): JsonObject {
    return {
      id: this.ids.guild,
      name: 'Fake guild',
      icon: null,
      owner_id: this.ids.user,
      unavailable: false,
      large: false,
      member_count: 2,
      joined_at: now(),
      afk_channel_id: null,
      afk_timeout: 300,
      verification_level: 0,
      default_message_notifications: 0,
      explicit_content_filter: 0,
      mfa_level: 0,
      nsfw_level: 0,
      premium_tier: 0,
      system_channel_id: null,
      system_channel_flags: 0,
      rules_channel_id: null,
      preferred_locale: 'en-US',
      features: [],
      roles: [{ id: this.ids.guild, name: '@everyone', permissions: String(EVERYONE_PERMISSIONS), position: 0, color: 0, hoist: false, managed: false, mentionable: false, flags: 0 }],
      emojis: [],
      stickers: [],
      members: [this.member(this.botUser), this.member(this.user())],
      channels: [this.channelPayload],
      threads: [this.threadPayload(this.ids.thread, 'An earlier question')],
      presences: [],
      voice_states: [],
      stage_instances: [],
      guild_scheduled_events: [],
    };
  }

  /** Sends CHANNEL_UPDATE with the channel as it now is (its permission overwrites), as Discord does on a change. */
  pushChannel(): void {
    this.dispatch('CHANNEL_UPDATE', this.channelPayload);
  }

  /** Closes the gateway session with `code`, as Discord does for a reset token (4004) or disallowed intents (4014). */
  closeSession(code: number, reason = 'closed by the fake', shard = 0): void {
    const session = this.sessions.get(shard);
    if (!session) throw new Error(`no client is connected to the fake gateway as shard ${shard}`);
    session.close(code, reason);
  }

  /** A MESSAGE_UPDATE body: `message` with new content and an edit time. */
  editedMessage(message: JsonObject, content: string): JsonObject {
    return { ...message, content, edited_timestamp: new Date('2025-11-24T12:05:00.000Z').toISOString() };
  }

  // --- payload builders for tests ---

  /**
   * An INTERACTION_CREATE body for a slash command (type 2) or its autocomplete (type 4). Each comes from a
   * new user unless `userId` says otherwise, so that per-user rate limits of the core do not couple tests.
   */
  interaction(name: string, options: JsonObject[], opts: { type?: 2 | 4; userId?: string } = {}): JsonObject {
    const id = snowflake();
    const type = opts.type ?? 2;
    return {
      id,
      application_id: this.ids.application,
      type,
      token: `interaction-token-${id}`,
      version: 1,
      guild_id: this.ids.guild,
      channel_id: this.ids.channel,
      channel: this.channelPayload,
      member: { ...this.member(this.user(opts.userId ?? snowflake())), permissions: '2248473465835073' },
      app_permissions: '377957190656',
      locale: 'en-US',
      guild_locale: 'en-US',
      entitlements: [],
      authorizing_integration_owners: { '0': this.ids.guild },
      context: 0,
      attachment_size_limit: 10_485_760,
      data: { id: snowflake(), name, type: 1, options },
    };
  }

  /**
   * An INTERACTION_CREATE body for a click on a button (type 3, component type 2) under a message the
   * bot sent, by a new user unless `userId` says otherwise.
   */
  buttonClick(customId: string, opts: { userId?: string; channelId?: string } = {}): JsonObject {
    const base = this.interaction('', [], { ...(opts.userId ? { userId: opts.userId } : {}) });
    const channelId = opts.channelId ?? this.ids.channel;
    const message = this.botMessage(channelId, { content: 'an answer' });
    return { ...base, type: 3, channel_id: channelId, message, data: { custom_id: customId, component_type: 2 } };
  }

  /**
   * A MESSAGE_CREATE body from a user (a new one unless `userId` is given); `mentionsBot` (default true)
   * puts the bot in `mentions`, as Discord does when the content has `<@bot id>`.
   */
  userMessage(content: string, opts: { channelId?: string; mentionsBot?: boolean; mentionEveryone?: boolean; userId?: string } = {}): JsonObject {
    const author = this.user(opts.userId ?? snowflake());
    return {
      id: snowflake(),
      channel_id: opts.channelId ?? this.ids.channel,
      guild_id: this.ids.guild,
      author,
      member: this.member(author),
      content,
      timestamp: now(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: opts.mentionEveryone ?? false,
      mentions: opts.mentionsBot === false ? [] : [{ ...this.botUser, member: this.member(this.botUser) }],
      mention_roles: [],
      attachments: [],
      embeds: [],
      pinned: false,
      type: 0,
      flags: 0,
      components: [],
    };
  }

  /** A MESSAGE_CREATE body for a DM to the bot (no guild; a DM channel the client has never seen). */
  directMessage(content: string, opts: { userId?: string } = {}): JsonObject {
    const message = this.userMessage(content, { ...opts, mentionsBot: false });
    delete message.guild_id;
    delete message.member;
    return { ...message, channel_id: snowflake(), channel_type: 1 };
  }

  private botMessage(channelId: string, body: JsonObject): JsonObject {
    return {
      id: snowflake(),
      channel_id: channelId,
      author: this.botUser,
      content: typeof body.content === 'string' ? body.content : '',
      timestamp: now(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: [],
      embeds: Array.isArray(body.embeds) ? body.embeds : [],
      pinned: false,
      type: 0,
      flags: typeof body.flags === 'number' ? body.flags : 0,
      components: [],
    };
  }

  // --- REST ---

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://fake');
    const record: RecordedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname.startsWith(API_PREFIX) ? url.pathname.slice(API_PREFIX.length) : url.pathname,
      query: url.searchParams,
      authorization: req.headers.authorization,
      body: text ? (JSON.parse(text) as JsonObject | Json[]) : null,
    };
    this.requests.push(record);
    const [status, payload, headers] = this.route(record);
    if (payload === undefined) res.writeHead(status).end();
    else res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(payload));
    // Resolve waiters only after answering, so a test sees the request once the client could act on it.
    for (const w of this.waiters.filter((w) => w.match(record))) {
      this.waiters.splice(this.waiters.indexOf(w), 1);
      w.resolve(record);
    }
  }

  private authorized(r: RecordedRequest): boolean {
    return r.authorization === `Bot ${this.token}`;
  }

  private route(r: RecordedRequest): [number, Json | undefined, Record<string, string>?] {
    const invalid = (errors: string[]): [number, Json] => [400, { code: 50035, message: 'Invalid Form Body', errors }];
    const body = r.body && !Array.isArray(r.body) ? r.body : {};
    let m: RegExpExecArray | null;

    if (r.method === 'GET' && r.path === '/gateway/bot') {
      if (!this.authorized(r)) return [401, { code: 0, message: '401: Unauthorized' }];
      // max_concurrency as large as the shard count, so that every shard may identify at once (as for large bots).
      return [200, { url: this.gatewayUrl, shards: this.shardCount, session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: this.shardCount } }];
    }
    if (r.method === 'POST' && (m = /^\/interactions\/(\d+)\/([^/]+)\/callback$/.exec(r.path))) {
      const data = body.data && typeof body.data === 'object' && !Array.isArray(body.data) ? body.data : {};
      const errors = body.type === 4 ? messageLimitErrors(data) : [];
      if (errors.length) return invalid(errors);
      if (this.refuseCallbacks > 0) {
        this.refuseCallbacks--;
        return invalid(['refused by the test']);
      }
      if (r.query.get('with_response') !== 'true') return [204, undefined];
      return [200, { interaction: { id: m[1]!, type: 2 }, resource: { type: body.type ?? 4, message: this.botMessage(this.ids.channel, data) } }];
    }
    if (/^\/webhooks\/\d+\/[^/]+(?:\/messages\/(?:@original|\d+))?$/.test(r.path)) {
      const errors = r.method === 'GET' ? [] : messageLimitErrors(body);
      if (errors.length) return invalid(errors);
      return [200, this.botMessage(this.ids.channel, body)];
    }
    const forbidden: [number, Json] = [403, { code: 50013, message: 'Missing Permissions' }];
    const denied = (bit: bigint): boolean => (this.botDeny & bit) !== 0n;
    if (r.method === 'POST' && r.path === '/users/@me/channels') {
      const id = snowflake();
      const recipient = typeof body.recipient_id === 'string' ? body.recipient_id : this.ids.user;
      this.dmChannels.set(id, recipient);
      return [200, { id, type: 1, last_message_id: null, recipients: [this.user(recipient)], flags: 0 }];
    }
    if (r.method === 'GET' && (m = /^\/channels\/(\d+)$/.exec(r.path))) {
      if (m[1] === this.ids.channel) return [200, this.channelPayload];
      if (this.threads.has(m[1]!) || m[1] === this.ids.thread) return [200, this.threadPayload(m[1]!, this.threads.get(m[1]!) ?? 'An earlier question')];
      return [404, { code: 10003, message: 'Unknown Channel' }];
    }
    if (r.method === 'DELETE' && /^\/channels\/\d+\/messages\/\d+$/.test(r.path)) return [204, undefined];
    if (r.method === 'PATCH' && (m = /^\/channels\/(\d+)\/messages\/(\d+)$/.exec(r.path))) {
      const errors = messageLimitErrors(body);
      if (errors.length) return invalid(errors);
      return [200, { ...this.botMessage(m[1]!, body), id: m[2]!, edited_timestamp: now() }];
    }
    if (r.method === 'POST' && (m = /^\/channels\/(\d+)\/messages\/(\d+)\/threads$/.exec(r.path))) {
      if (!this.authorized(r)) return [401, { code: 0, message: '401: Unauthorized' }];
      if (this.refuseThreads || denied(1n << 35n)) return forbidden;
      const name = typeof body.name === 'string' ? body.name : '';
      if (name.length < 1 || name.length > 100) return invalid([`thread name length ${name.length} not in 1-100`]);
      // A thread started from a message takes the message's id.
      this.threads.set(m[2]!, name);
      return [201, this.threadPayload(m[2]!, name)];
    }
    if (r.method === 'POST' && (m = /^\/channels\/(\d+)\/messages$/.exec(r.path))) {
      if (!this.authorized(r)) return [401, { code: 0, message: '401: Unauthorized' }];
      if (this.rateLimitNext > 0) {
        this.rateLimitNext--;
        return [429, { message: 'You are being rate limited.', retry_after: 0.05, global: false }, { 'retry-after': '0.05', 'x-ratelimit-scope': 'user', 'x-ratelimit-limit': '5', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset-after': '0.05' }];
      }
      const errors = messageLimitErrors(body);
      if (errors.length) return invalid(errors);
      // The guild's channel and threads obey the bot's permissions; any other channel is a DM.
      const dm = m[1] !== this.ids.channel && m[1] !== this.ids.thread && !this.threads.has(m[1]!);
      if (dm && this.closedDms.has(this.dmChannels.get(m[1]!) ?? '')) return [403, { code: 50007, message: 'Cannot send messages to this user' }];
      if (!dm && denied(m[1] === this.ids.channel ? 1n << 11n : 1n << 38n)) return forbidden;
      // Discord drops the embeds of a bot without Embed Links, and says nothing.
      const shown = !dm && denied(1n << 14n) ? { ...body, embeds: [] } : body;
      return [200, this.botMessage(m[1]!, shown)];
    }
    if ((m = /^\/applications\/(\d+)(?:\/guilds\/(\d+))?\/commands$/.exec(r.path))) {
      if (!this.authorized(r)) return [401, { code: 0, message: '401: Unauthorized' }];
      if (m[1] !== this.ids.application) return [403, { code: 50001, message: 'Missing Access' }];
      if (r.method === 'PUT') this.commands.set(r.path, this.withIds(r.path, Array.isArray(r.body) ? (r.body as JsonObject[]) : []));
      if (r.method === 'PUT' || r.method === 'GET') return [200, this.commands.get(r.path) ?? []];
    }
    return [404, { code: 0, message: '404: Not Found' }];
  }

  // Discord keeps a command's id across overwrites when its name stays the same.
  private withIds(route: string, commands: JsonObject[]): JsonObject[] {
    const previous = new Map((this.commands.get(route) ?? []).map((c) => [c.name, c.id]));
    return commands.map((c) => ({ ...c, id: previous.get(c.name) ?? snowflake(), application_id: this.ids.application, version: '1' }));
  }
}
