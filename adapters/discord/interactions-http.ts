/**
 * `DISCORD_MODE=http`: Discord POSTs each interaction to `POST /discord/interactions` instead of
 * sending it over the gateway. Stateless, so any number of replicas can sit behind a load
 * balancer; mentions need the gateway. Every request is verified (Ed25519 over timestamp + body,
 * with node:crypto) before anything else is done with it.
 *
 * The commands are answered by the very handlers of gateway mode: the raw interaction is handed to
 * a discord.js client (never logged in) as the gateway would hand it, and the reply the handler
 * sends to Discord's callback endpoint is caught on its way out and written as the HTTP response.
 */
import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client, DefaultRestOptions, Events, type ResponseLike } from 'discord.js';
import type { Logger } from '../../src/runtime/logger.js';
import type { SharedState } from '../../src/state/shared-state.js';
import type { OutcomeStore } from '../../src/store/types.js';
import type { DiscordConfig } from './config.js';
import type { AnswerSource, HandlerContext } from './context.js';
import { handleInteraction } from './interactions.js';

/** Where Discord sends interactions (the Interactions Endpoint URL's path). */
export const INTERACTIONS_PATH = '/discord/interactions';
/** Largest request body accepted; interactions are a few kilobytes. */
export const MAX_BODY_BYTES = 64 * 1024;
/** Oldest (or most future) signature timestamp accepted: a replayed request is refused after this. */
export const MAX_SKEW_SECONDS = 5 * 60;
/** Discord waits 3 s for the response; answer with an error before then rather than never. */
export const REPLY_DEADLINE_MS = 2500;

// An Ed25519 public key in DER (SPKI) form is this fixed prefix followed by the 32 raw bytes.
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/** The application's public key (64 hex digits, from the Developer Portal) as a node:crypto key. */
export function publicKeyFromHex(hex: string): KeyObject {
  return createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, Buffer.from(hex, 'hex')]), format: 'der', type: 'spki' });
}

/** Why a request was refused, or that it is genuine. */
export type Verification = { ok: true } | { ok: false; reason: 'missing-headers' | 'stale-timestamp' | 'bad-signature' };

/**
 * Checks Discord's signature headers: `X-Signature-Ed25519` signs `X-Signature-Timestamp` + the raw
 * body; the timestamp must be within {@link MAX_SKEW_SECONDS} of `nowSeconds`.
 */
export function verifyInteraction(key: KeyObject, signature: string | undefined, timestamp: string | undefined, body: Buffer, nowSeconds = Date.now() / 1000): Verification {
  if (!signature || !timestamp) return { ok: false, reason: 'missing-headers' };
  if (!/^\d{1,12}$/.test(timestamp) || Math.abs(nowSeconds - Number(timestamp)) > MAX_SKEW_SECONDS) return { ok: false, reason: 'stale-timestamp' };
  if (!/^[0-9a-fA-F]{128}$/.test(signature)) return { ok: false, reason: 'bad-signature' };
  const signed = verify(null, Buffer.concat([Buffer.from(timestamp, 'utf8'), body]), key, Buffer.from(signature, 'hex'));
  return signed ? { ok: true } : { ok: false, reason: 'bad-signature' };
}

/** What {@link createInteractionsServer} needs. */
export interface InteractionsServerOptions {
  config: Pick<DiscordConfig, 'DISCORD_PUBLIC_KEY' | 'DISCORD_TOKEN' | 'DISCORD_API_URL' | 'DISCORD_PUBLIC_DEFAULT' | 'LOG_QUESTIONS'>;
  bot: AnswerSource;
  logger: Logger;
  state?: SharedState;
  /** Where question outcomes and feedback are recorded; without it, answers have no feedback buttons. */
  store?: OutcomeStore;
  /** How long a client may take to send a whole request; default 5 s (Discord sends at once). */
  requestTimeoutMs?: number;
  /** `/healthz`, `/readyz` and `/metrics` on the same port; returns false for any other path. */
  health?: ((req: IncomingMessage, res: ServerResponse) => boolean) | undefined;
}

/** A running (or ready to run) interactions endpoint. */
export interface InteractionsServer {
  readonly server: Server;
  /** Listens; resolves with the bound port (useful with port 0). */
  listen(port: number, host?: string): Promise<number>;
  close(): Promise<void>;
}

/** The shape of discord.js's gateway dispatcher for interactions (not in its public typings). */
interface InteractionAction {
  handle(data: unknown): void;
}

interface Pending {
  resolve: (body: string) => void;
}

/** How one interaction's handling ended: its reply, a deliberate silence, or the deadline. */
type Dispatched = { kind: 'reply'; body: string } | { kind: 'no-reply' } | { kind: 'timeout' };

/** Interaction types the handlers answer: application command, component, autocomplete, modal submit. */
const HANDLED_TYPES: ReadonlySet<number> = new Set([2, 3, 4, 5]);

/**
 * Builds the endpoint. Nothing listens until {@link InteractionsServer.listen}.
 *
 * @example
 * const http = createInteractionsServer({ config, bot: PlanBot.load(), logger });
 * await http.listen(3000);
 */
export function createInteractionsServer(options: InteractionsServerOptions): InteractionsServer {
  const { config, bot, logger, state, store, requestTimeoutMs = 5000 } = options;
  if (!config.DISCORD_PUBLIC_KEY) throw new Error('DISCORD_PUBLIC_KEY is required in HTTP interactions mode');
  const key = publicKeyFromHex(config.DISCORD_PUBLIC_KEY);
  const log = logger.child({ surface: 'discord', mode: 'http' });
  const pending = new Map<string, Pending>();

  // The interaction's reply leaves through Discord's callback endpoint; in HTTP mode it is the
  // response to Discord's request instead. Everything else (follow-ups) goes to Discord as usual.
  const makeRequest = async (url: string, init: Parameters<typeof DefaultRestOptions.makeRequest>[1]): Promise<ResponseLike> => {
    const callback = /\/interactions\/(\d+)\/[^/]+\/callback(?:\?|$)/.exec(url);
    const waiting = callback ? pending.get(callback[1]!) : undefined;
    if (waiting && typeof init.body === 'string') {
      waiting.resolve(init.body);
      return new Response(null, { status: 204 });
    }
    return DefaultRestOptions.makeRequest(url, init);
  };

  const client = new Client({
    intents: [],
    allowedMentions: { parse: [], repliedUser: false },
    rest: { makeRequest, ...(config.DISCORD_API_URL ? { api: config.DISCORD_API_URL } : {}) },
  });
  client.rest.setToken(config.DISCORD_TOKEN);
  // The handlers name the surface on their own lines.
  const ctx: HandlerContext = { bot, logger: logger.child({ mode: 'http' }), publicDefault: config.DISCORD_PUBLIC_DEFAULT, logQuestions: config.LOG_QUESTIONS, ...(state ? { state } : {}), store };
  const done = new Map<string, () => void>();
  client.on(Events.InteractionCreate, (interaction) => {
    void handleInteraction(interaction, ctx).finally(() => done.get(interaction.id)?.());
  });
  const action = (client as unknown as { actions?: { InteractionCreate?: InteractionAction } }).actions?.InteractionCreate;
  if (!action) throw new Error('this discord.js version has no InteractionCreate action; HTTP interactions mode needs updating');

  /** Runs one interaction through the gateway-mode handlers; resolves with how it ended. */
  const dispatch = (interaction: { id: string }): Promise<Dispatched> =>
    new Promise((resolve) => {
      const finish = (outcome: Dispatched): void => {
        clearTimeout(timer);
        pending.delete(interaction.id);
        done.delete(interaction.id);
        resolve(outcome);
      };
      const timer = setTimeout(() => finish({ kind: 'timeout' }), REPLY_DEADLINE_MS);
      pending.set(interaction.id, { resolve: (body) => finish({ kind: 'reply', body }) });
      // A handler that returns without replying (a duplicate another replica claimed, a modal it does
      // not know) ends the wait at once: that is a decision, not a missed deadline.
      done.set(interaction.id, () => finish({ kind: 'no-reply' }));
      try {
        action.handle(interaction);
      } catch (err) {
        finish({ kind: 'no-reply' });
        throw err;
      }
    });

  const reply = (res: ServerResponse, status: number, body?: string): void => {
    if (res.headersSent) return;
    if (status === 204) res.writeHead(204).end();
    else if (body === undefined) res.writeHead(status, { 'content-type': 'text/plain' }).end(status === 401 ? 'invalid request signature' : '');
    else res.writeHead(status, { 'content-type': 'application/json' }).end(body);
  };

  const onRequest = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = (req.url ?? '/').split('?')[0];
    if (path !== INTERACTIONS_PATH && options.health?.(req, res)) return;
    if (path !== INTERACTIONS_PATH) return reply(res, 404);
    if (req.method !== 'POST') return reply(res, 405);
    if (Number(req.headers['content-length'] ?? 0) > MAX_BODY_BYTES) return reply(res, 413);
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > MAX_BODY_BYTES) return reply(res, 413);
      chunks.push(chunk as Buffer);
    }
    const body = Buffer.concat(chunks);
    const header = (name: string): string | undefined => {
      const value = req.headers[name];
      return Array.isArray(value) ? value[0] : value;
    };
    const verdict = verifyInteraction(key, header('x-signature-ed25519'), header('x-signature-timestamp'), body);
    if (!verdict.ok) {
      log.warn({ reason: verdict.reason }, 'refused an interaction request that is not from Discord');
      return reply(res, 401);
    }
    let interaction: { id?: unknown; type?: unknown };
    try {
      interaction = JSON.parse(body.toString('utf8')) as typeof interaction;
    } catch {
      return reply(res, 400);
    }
    if (interaction.type === 1) return reply(res, 200, JSON.stringify({ type: 1 }));
    if (typeof interaction.id !== 'string') return reply(res, 400);
    // discord.js drops a type it does not know without an event, so no handler would end the wait.
    if (typeof interaction.type !== 'number' || !HANDLED_TYPES.has(interaction.type)) {
      log.warn({ interactionId: interaction.id, type: interaction.type }, 'refused an interaction of a type this bot does not handle');
      return reply(res, 400);
    }
    const outcome = await dispatch(interaction as { id: string });
    switch (outcome.kind) {
      case 'reply':
        return reply(res, 200, outcome.body);
      case 'no-reply':
        log.info({ interactionId: interaction.id, type: interaction.type }, 'interaction handled without a reply (a duplicate, or one this bot does not answer)');
        return reply(res, 204);
      case 'timeout':
        log.error({ interactionId: interaction.id, type: interaction.type }, `no reply to the interaction within ${REPLY_DEADLINE_MS} ms`);
        return reply(res, 500);
    }
  };

  // Caps on a slow or stalled client (checked every second, not Node's default thirty).
  const limits = { requestTimeout: requestTimeoutMs, headersTimeout: requestTimeoutMs, connectionsCheckingInterval: Math.min(1000, requestTimeoutMs) };
  const server = createServer(limits, (req, res) => {
    onRequest(req, res).catch((err: unknown) => {
      // A client that hung up or timed out mid-body (Node answers it 408) is no fault of ours.
      if (req.destroyed || (err as { code?: string }).code === 'ECONNRESET') log.warn({ err: (err as Error).message }, 'interaction request aborted by the client or timed out');
      else log.error({ err }, 'interaction request failed');
      reply(res, 500);
    });
  });

  return {
    server,
    async listen(port: number, host?: string): Promise<number> {
      server.listen(port, host);
      await once(server, 'listening');
      const bound = (server.address() as AddressInfo).port;
      log.info({ port: bound, path: INTERACTIONS_PATH }, `listening for Discord interactions on port ${bound} at ${INTERACTIONS_PATH}`);
      return bound;
    },
    async close(): Promise<void> {
      server.closeIdleConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await client.destroy();
    },
  };
}
