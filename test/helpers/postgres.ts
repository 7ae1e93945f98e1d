/**
 * A real PostgreSQL for tests: a throwaway cluster (initdb into a temporary folder, trust auth) on a
 * free loopback port, removed afterwards. Debian keeps the binaries in /usr/lib/postgresql/<v>/bin,
 * off PATH; as root they must run as the postgres user (PostgreSQL refuses root), so the folder is
 * handed to that user and every command goes through `runuser -u postgres --`. `.ci/run` installs
 * the package when missing. Outside CI, tests that need it are skipped with a loud reason when it is
 * absent; under CI=true they run, and fail.
 */
import { spawn, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './ports.js';

/** The folder holding initdb, pg_ctl and postgres, or undefined when PostgreSQL is not installed. */
export function postgresBin(): string | undefined {
  const onPath = spawnSync('sh', ['-c', 'command -v pg_ctl'], { encoding: 'utf8' }).stdout.trim();
  if (onPath) return join(onPath, '..');
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'pg_ctl'))).sort((a, b) => Number(b) - Number(a));
  return versions[0] === undefined ? undefined : join(root, versions[0], 'bin');
}

/** Whether tests that need PostgreSQL should run: it is installed, or this is CI (where its absence is a failure). */
export function postgresTestsRun(): boolean {
  const installed = postgresBin() !== undefined;
  if (!installed && process.env.CI !== 'true') {
    process.stderr.write('\n*** SKIPPING tests that need PostgreSQL: it is not installed (apt-get install -y postgresql; .ci/run does this) ***\n\n');
  }
  return installed || process.env.CI === 'true';
}

/** A running throwaway cluster. */
export interface PostgresServer {
  readonly port: number;
  /** `postgres://postgres@127.0.0.1:<port>/postgres`. */
  readonly url: string;
  /** Stops it (fast shutdown: connections are cut, as in an outage); the data stays. */
  stop(): Promise<void>;
  /** Starts it again on the same port, with the same data. */
  start(): Promise<void>;
  /** Stops it and removes its folder. */
  destroy(): Promise<void>;
}

const asRoot = process.getuid?.() === 0;

/** Runs a PostgreSQL binary, as the postgres user when this is root. */
function run(bin: string, args: string[]): Promise<{ code: number | null; output: string }> {
  const [cmd, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, argv as string[], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, output }));
  });
}

async function must(bin: string, args: string[], what: string): Promise<void> {
  const { code, output } = await run(bin, args);
  if (code !== 0) throw new Error(`${what} failed (exit ${code}): ${output}`);
}

/** Creates a cluster in a new temporary folder and starts it on a free loopback port. */
export async function startPostgres(): Promise<PostgresServer> {
  const bin = postgresBin();
  if (!bin) throw new Error('PostgreSQL is not installed: apt-get install -y postgresql');
  const dir = mkdtempSync(join(tmpdir(), 'ppb-pg-'));
  const data = join(dir, 'data');
  if (asRoot) {
    const ids = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout.trim();
    const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim();
    chownSync(dir, Number(ids), Number(gid));
  }
  await must(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8', '--locale=C'], 'initdb');
  const port = await freePort();
  // Sockets in the cluster's own folder (not /var/run/postgresql, which may not exist), TCP on loopback only.
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=50`;
  const start = (): Promise<void> => must(join(bin, 'pg_ctl'), ['-D', data, '-l', join(dir, 'log'), '-o', options, '-w', '-t', '30', 'start'], 'pg_ctl start');
  const stop = (): Promise<void> => must(join(bin, 'pg_ctl'), ['-D', data, '-m', 'fast', '-w', 'stop'], 'pg_ctl stop');
  await start();
  let running = true;
  return {
    port,
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    async stop() {
      await stop();
      running = false;
    },
    async start() {
      await start();
      running = true;
    },
    async destroy() {
      if (running) await stop().catch(() => {});
      running = false;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
