// `npm run report:screenshot -- [--db FILE] [--since 7d] [--out report.png]`: writes the HTML report
// (`npm run report -- --html`) and photographs it in headless Chromium, so the page can be checked by
// eye without a desktop. Needs Debian's `chromium` (apt-get install -y chromium), or CHROMIUM=path.
// Not part of `npm test`, which must not depend on a browser.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: { db: { type: 'string' }, since: { type: 'string', default: '7d' }, out: { type: 'string', default: 'report.png' }, width: { type: 'string', default: '1100' }, height: { type: 'string', default: '2200' } },
});

function run(command, args) {
  const r = spawnSync(command, args, { encoding: 'utf8' });
  if (r.error || r.status !== 0) {
    process.stderr.write(`report:screenshot: ${command} failed: ${r.error?.message ?? r.stderr}\n`);
    process.exit(1);
  }
  return r.stdout;
}

run(process.execPath, ['scripts/build.mjs']);
const dir = mkdtempSync(join(tmpdir(), 'ppb-report-'));
const page = join(dir, 'report.html');
run(process.execPath, ['dist/report.mjs', '--since', values.since, '--html', page, ...(values.db ? ['--db', values.db] : [])]);
const browser = process.env.CHROMIUM ?? ['chromium', 'chromium-browser', 'google-chrome'].find((b) => spawnSync(b, ['--version']).status === 0);
if (!browser) {
  process.stderr.write('report:screenshot: no Chromium found; install it (apt-get install -y chromium) or set CHROMIUM\n');
  process.exit(1);
}
const out = resolve(values.out);
run(browser, ['--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars', `--window-size=${values.width},${values.height}`, `--screenshot=${out}`, `file://${page}`]);
rmSync(dir, { recursive: true, force: true });
process.stdout.write(`screenshot: ${out}\n`);
