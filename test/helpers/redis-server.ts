/**
 * A real redis-server (Debian's package) for tests: started on a free loopback port with persistence
 * off and DEBUG allowed from loopback (for DEBUG SLEEP), stopped afterwards. `.ci/run` installs it
 * when missing. Outside CI, tests that need it are skipped with a loud reason when it is absent;
 * under CI=true they run, and fail.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';

/** Whether tests that need redis-server should run: it is installed, or this is CI (where its absence is a failure). */
export function redisTestsRun(): boolean {
  const installed = spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
  if (!installed && process.env.CI !== 'true') {
    process.stderr.write('\n*** SKIPPING tests that need redis-server: it is not installed (apt-get install -y redis-server; .ci/run does this) ***\n\n');
  }
  return installed || process.env.CI === 'true';
}

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A running redis-server. */
export interface RedisServer {
  readonly port: number;
  readonly url: string;
  /** Kills it with SIGKILL, as a crash would. */
  kill(): Promise<void>;
  /** Starts it again on the same port (empty: persistence is off). */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/** Spawns redis-server; `onSpawn` gets the process at once, so that a caller timed out meanwhile can still stop it. */
async function launch(port: number, onSpawn: (child: ChildProcess) => void): Promise<ChildProcess> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--enable-debug-command', 'local'], { stdio: ['ignore', 'pipe', 'pipe'] });
  onSpawn(child);
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`redis-server did not start on port ${port}: ${output}`)), 5000);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(new Error(`cannot run redis-server (${err.message}); install it with apt-get install -y redis-server`));
    });
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited with ${code}: ${output}`));
    });
  });
  child.stdout!.resume();
  return child;
}

async function end(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill(signal);
  await exited;
}

/** Starts redis-server on a free loopback port. */
export async function startRedis(): Promise<RedisServer> {
  const port = await freePort();
  let child!: ChildProcess;
  const track = (spawned: ChildProcess): void => {
    child = spawned;
  };
  await launch(port, track);
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    kill: () => end(child, 'SIGKILL'),
    async restart() {
      await launch(port, track);
    },
    stop: () => end(child, 'SIGTERM'),
  };
}
