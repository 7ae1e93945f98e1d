/**
 * A small round-robin HTTP forwarder on 127.0.0.1, standing in for the load balancer in front of
 * several replicas. Each request goes to the next upstream in turn, unless it carries
 * `x-forward-to: N` (a test steering a retry to the replica that did not get the first copy). Like
 * nginx's `proxy_next_upstream error`, a request whose upstream connection fails before any response
 * (a reused keep-alive socket the replica had just closed) is tried once on the next upstream: safe,
 * because the replicas answer a delivery once however often it arrives. The response names the
 * upstream that answered in `x-upstream`.
 */
import { once } from 'node:events';
import { Agent, createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A running forwarder. */
export interface Forwarder {
  readonly url: string;
  /** Requests forwarded to each upstream, by index (retries included). */
  readonly forwarded: number[];
  close(): Promise<void>;
}

/** Largest request body forwarded; Slack's payloads are a few kilobytes. */
const MAX_BODY_BYTES = 1024 * 1024;

/** Starts a forwarder to `ports` (upstreams on 127.0.0.1). */
export async function startForwarder(ports: readonly number[]): Promise<Forwarder> {
  const agent = new Agent({ keepAlive: true, maxSockets: 128 });
  const forwarded = ports.map(() => 0);
  let next = 0;

  const forward = (req: IncomingMessage, res: ServerResponse, body: Buffer, index: number, triesLeft: number): void => {
    forwarded[index]! += 1;
    const upstream = request({ host: '127.0.0.1', port: ports[index], path: req.url, method: req.method, headers: req.headers, agent }, (reply) => {
      res.writeHead(reply.statusCode ?? 502, { ...reply.headers, 'x-upstream': String(index) });
      reply.pipe(res);
    });
    upstream.on('error', () => {
      if (res.headersSent) return void res.destroy();
      if (triesLeft > 0) return forward(req, res, body, (index + 1) % ports.length, triesLeft - 1);
      res.writeHead(502, { 'x-upstream': String(index) }).end();
    });
    upstream.end(body);
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        res.writeHead(413).end();
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => {
      if (res.headersSent) return;
      const hint = Number(req.headers['x-forward-to']);
      const index = Number.isInteger(hint) && hint >= 0 && hint < ports.length ? hint : next++ % ports.length;
      forward(req, res, Buffer.concat(chunks), index, 1);
    });
  });
  // A stalled client may not hold a connection open for ever.
  server.requestTimeout = 10_000;
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    forwarded,
    async close() {
      agent.destroy();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
