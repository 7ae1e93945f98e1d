/**
 * `TELEGRAM_MODE=webhook`: one route, `POST /telegram/webhook`, on plain node:http. Telegram proves a
 * delivery with the secret it was given in setWebhook (header `X-Telegram-Bot-Api-Secret-Token`);
 * anything without it is refused before its body is read. Bodies are capped in size and time, so a
 * stranger cannot hold the process's memory or sockets. A 200 tells Telegram not to deliver again;
 * anything else makes it retry, and the update_id claim makes the retry harmless.
 */
import { timingSafeEqual } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Update } from 'grammy/types';
import type { Logger } from '../../src/runtime/logger.js';

/** The route Telegram posts to. */
export const WEBHOOK_PATH = '/telegram/webhook';

/** Options of {@link createWebhookServer}. */
export interface WebhookOptions {
  secret: string;
  handle: (update: Update) => Promise<void>;
  logger: Logger;
  /** Largest body accepted (Telegram's updates are a few kB). Default 1 MB. */
  maxBytes?: number;
  /** Longest a body may take to arrive. Default 10 s. */
  bodyTimeoutMs?: number;
  /** Longest the handler is awaited before Telegram is told 200 anyway (it keeps running). Default 25 s. */
  handleTimeoutMs?: number;
}

/** Compares secrets in constant time, so a timing probe learns nothing of the right one. */
function sameSecret(given: string | string[] | undefined, secret: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(secret);
  return a.length === b.length && timingSafeEqual(a, b);
}

function reply(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...headers });
  res.end(body);
}

/** Reads the body, or says why not: too large (413) or too slow (408). */
function readBody(req: IncomingMessage, maxBytes: number, timeoutMs: number): Promise<{ ok: true; body: Buffer } | { ok: false; status: 408 | 413 }> {
  return new Promise((resolve) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBytes) return resolve({ ok: false, status: 413 });
    const chunks: Buffer[] = [];
    let size = 0;
    const timer = setTimeout(() => finish({ ok: false, status: 408 }), timeoutMs);
    const finish = (result: { ok: true; body: Buffer } | { ok: false; status: 408 | 413 }): void => {
      clearTimeout(timer);
      req.removeAllListeners('data');
      // Stop reading a refused body; the response closes the connection.
      if (!result.ok) req.pause();
      resolve(result);
    };
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) finish({ ok: false, status: 413 });
      else chunks.push(chunk);
    });
    req.on('end', () => finish({ ok: true, body: Buffer.concat(chunks) }));
    req.on('error', () => finish({ ok: false, status: 408 }));
  });
}

/** Whether a parsed body looks like an Update (an object with a numeric update_id). */
function isUpdate(value: unknown): value is Update {
  return typeof value === 'object' && value !== null && typeof (value as { update_id?: unknown }).update_id === 'number';
}

/** The webhook endpoint, started and stopped like the poller. */
export function createWebhookServer(options: WebhookOptions): { listen(port: number, host?: string): Promise<number>; close(): Promise<void>; server: Server } {
  const { secret, handle, logger, maxBytes = 1024 * 1024, bodyTimeoutMs = 10_000, handleTimeoutMs = 25_000 } = options;
  const server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (path !== WEBHOOK_PATH) return reply(res, 404, 'not found');
    if (req.method !== 'POST') return reply(res, 405, 'method not allowed', { allow: 'POST' });
    if (!sameSecret(req.headers['x-telegram-bot-api-secret-token'], secret)) {
      logger.warn({ surface: 'telegram', remote: req.socket.remoteAddress }, 'webhook request without the right secret');
      return reply(res, 401, 'unauthorized', { connection: 'close' });
    }
    void readBody(req, maxBytes, bodyTimeoutMs).then(async (read) => {
      if (!read.ok) return reply(res, read.status, read.status === 413 ? 'payload too large' : 'request timeout', { connection: 'close' });
      let update: unknown;
      try {
        update = JSON.parse(read.body.toString('utf8'));
      } catch {
        return reply(res, 400, 'body is not JSON');
      }
      if (!isUpdate(update)) return reply(res, 400, 'body is not a Telegram update');
      // The handler catches its own errors; past the timeout Telegram is told 200 so it does not resend.
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<void>((r) => (timer = setTimeout(r, handleTimeoutMs)));
      await Promise.race([handle(update).catch((err: unknown) => logger.error({ err, surface: 'telegram', updateId: update.update_id }, 'webhook update failed')), late]);
      clearTimeout(timer);
      reply(res, 200, 'ok');
    });
  });
  return {
    server,
    async listen(port, host) {
      // No host: every interface, as a container behind a reverse proxy needs.
      server.listen(port, host);
      await once(server, 'listening');
      const bound = (server.address() as AddressInfo).port;
      logger.info({ surface: 'telegram', port: bound, path: WEBHOOK_PATH }, `listening for Telegram updates on port ${bound} at ${WEBHOOK_PATH}`);
      return bound;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}
