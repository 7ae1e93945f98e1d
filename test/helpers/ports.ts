import { once } from 'node:events';
import { createServer } from 'node:net';

/** A loopback port free right now (the OS's pick), for a server a test is about to start. */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}
