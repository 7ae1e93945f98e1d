/**
 * A real nginx (Debian's package) as the load balancer in front of replicas, for tests: its own
 * config, pid, logs and temp folders in a temporary folder, listening on a free loopback port,
 * stopped afterwards. Round robin over the replicas, a failed connection tried on the next one
 * (`proxy_next_upstream error`, as the chart in docs/service.md configures it), and `X-Replica: N`
 * steering a request to replica N (a test sending Slack's retry to the replica that did not get the
 * first copy); every response names the replica that answered in `X-Upstream`. `.ci/run` installs
 * nginx when missing. Outside CI, tests that need it are skipped with a loud reason when it is
 * absent; under CI=true they run, and fail.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './ports.js';

/** The nginx binary, or undefined when it is not installed. */
function nginxBin(): string | undefined {
  const onPath = spawnSync('sh', ['-c', 'command -v nginx'], { encoding: 'utf8' }).stdout.trim();
  if (onPath) return onPath;
  return existsSync('/usr/sbin/nginx') ? '/usr/sbin/nginx' : undefined;
}

/** Whether tests that need nginx should run: it is installed, or this is CI (where its absence is a failure). */
export function nginxTestsRun(): boolean {
  const installed = nginxBin() !== undefined;
  if (!installed && process.env.CI !== 'true') {
    process.stderr.write('\n*** SKIPPING tests that need nginx: it is not installed (apt-get install -y nginx; .ci/run does this) ***\n\n');
  }
  return installed || process.env.CI === 'true';
}

/** A running nginx. */
export interface Nginx {
  readonly port: number;
  readonly url: string;
  stop(): Promise<void>;
}

/** The configuration: one upstream of all replicas, and one per replica for `X-Replica`. */
export function nginxConfig(dir: string, port: number, upstreams: readonly number[]): string {
  const asRoot = process.getuid?.() === 0;
  const server = (p: number): string => `server 127.0.0.1:${p} max_fails=1 fail_timeout=2s;`;
  return `
${asRoot ? 'user root root;' : ''}
worker_processes 1;
daemon off;
master_process on;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  upstream replicas {
    ${upstreams.map(server).join('\n    ')}
    keepalive 32;
  }
  ${upstreams.map((p, i) => `upstream replica${i} { ${server(p)} ${upstreams.filter((_, j) => j !== i).map((q) => `server 127.0.0.1:${q} backup;`).join(' ')} keepalive 8; }`).join('\n  ')}
  map $http_x_replica $pool {
    default replicas;
    ${upstreams.map((_, i) => `"${i}" replica${i};`).join('\n    ')}
  }
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://$pool;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $host;
      # A replica that is down (connection refused) or stopping: try the next. Safe for POSTs here,
      # because a delivery is claimed in Redis and answered once however often it arrives.
      proxy_next_upstream error timeout http_502 http_503 non_idempotent;
      proxy_connect_timeout 1s;
      proxy_read_timeout 10s;
      add_header X-Upstream $upstream_addr always;
    }
  }
}
`;
}

/** Starts nginx on a free loopback port in front of `upstreams` (ports on 127.0.0.1). */
export async function startNginx(upstreams: readonly number[]): Promise<Nginx> {
  const bin = nginxBin();
  if (!bin) throw new Error('nginx is not installed: apt-get install -y nginx');
  const dir = mkdtempSync(join(tmpdir(), 'ppb-nginx-'));
  for (const sub of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(join(dir, sub));
  const port = await freePort();
  const conf = join(dir, 'nginx.conf');
  writeFileSync(conf, nginxConfig(dir, port, upstreams));
  const test = spawnSync(bin, ['-t', '-c', conf, '-p', dir], { encoding: 'utf8' });
  if (test.status !== 0) throw new Error(`nginx rejected its configuration: ${test.stderr}`);
  const child: ChildProcess = spawn(bin, ['-c', conf, '-p', dir], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  // Up once it accepts a connection.
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`nginx exited with ${child.exitCode}: ${stderr}`);
    const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then(() => true, () => false);
    if (ok) break;
    if (Date.now() > deadline) throw new Error(`nginx did not start on port ${port}: ${stderr}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = once(child, 'exit');
        child.kill('SIGQUIT');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
