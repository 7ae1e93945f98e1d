/**
 * A small round-robin HTTP forwarder on 127.0.0.1, standing in for the load balancer in front of
 * several replicas. Each request goes to the next upstream in turn, unless it carries
 * `x-forward-to: N` (a test steering a retry to the replica that did not get the first copy). The
 * response names the upstream that answered in `x-upstream`.
 */
import { once } from 'node:events';
import { Agent, createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A running forwarder. */
export interface Forwarder {
  readonly url: string;
  /** Requests forwarded to each upstream, by index. */
  readonly forwarded: number[];
  close(): Promise<void>;
}

/** Starts a forwarder to `ports` (upstreams on 127.0.0.1). */
export async function startForwarder(ports: readonly number[]): Promise<Forwarder> {
  const agent = new Agent({ keepAlive: true, maxSockets: 128 });
  const forwarded = ports.map(() => 0);
  let next = 0;
  const server: Server = createServer((req, res) => {
    const hint = Number(req.headers['x-forward-to']);
    const index = Number.isInteger(hint) && hint >= 0 && hint < ports.length ? hint : next++ % ports.length;
    forwarded[index]! += 1;
    const upstream = request(
      { host: '127.0.0.1', port: ports[index], path: req.url, method: req.method, headers: req.headers, agent },
      (reply) => {
        res.writeHead(reply.statusCode ?? 502, { ...reply.headers, 'x-upstream': String(index) });
        reply.pipe(res);
      },
    );
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502, { 'x-upstream': String(index) });
      res.end();
    });
    req.pipe(upstream);
  });
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
