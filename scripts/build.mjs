// Bundles each entry point into dist/ with esbuild. The CLI is bundled with its dependencies and
// minified: one file parses far faster than zod's and pino's hundreds of modules, which keeps its
// cold start close to a bare `node` script. The chat adapters keep their dependencies external
// (Bolt and discord.js load optional native modules at run time that a bundle would break).
// `npm run ask`, `slack`, `discord` and `telegram` call this first; it returns at once when dist/ is newer than
// every source file, so that running the bot does not pay for a rebuild (`--force` rebuilds anyway).
//
// It then makes the CLI's V8 start-up snapshot, dist/cli.blob: a heap that already holds the loaded
// bot (lexicon compiled, corpus segmented, index built), which `scripts/ask.sh` starts from. The blob
// is remade when its key changes: this node's version, the corpus folder (CORPUS_DIR or corpus/) and
// its files, src/data, package-lock.json and the snapshot bundle. If it cannot be made, there is no
// blob and the CLI loads the corpus as usual.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, existsSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const adapters = {
  slack: 'adapters/slack/main.ts',
  discord: 'adapters/discord/main.ts',
  'discord-register': 'adapters/discord/register.ts',
  telegram: 'adapters/telegram/main.ts',
};
const outputs = ['dist/cli.mjs', 'dist/cli-snapshot.cjs', 'dist/corpus-check.mjs', 'dist/report.mjs', 'dist/curate.mjs', ...Object.entries(adapters).filter(([, f]) => existsSync(f)).map(([name]) => `dist/${name}.mjs`)];

function newestInput() {
  let newest = 0;
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else newest = Math.max(newest, statSync(path).mtimeMs);
    }
  };
  for (const dir of ['src', 'adapters']) if (existsSync(dir)) walk(dir);
  for (const file of ['package-lock.json', 'scripts/build.mjs']) if (existsSync(file)) newest = Math.max(newest, statSync(file).mtimeMs);
  return newest;
}

/**
 * zod's namespace re-exports every locale (40-odd languages, ~200 KB of the bundle) and esbuild
 * cannot drop members of a namespace it hands out. The bot speaks English only: the CLI bundles get
 * zod's English locale under that name and no other, so start-up neither parses nor keeps the rest.
 */
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(build) {
    build.onResolve({ filter: /locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]/.test(args.importer) ? { path: join(resolve(args.resolveDir, args.path), '../en.js'), namespace: 'zod-locales' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (args) => ({
      contents: `export { default as en } from ${JSON.stringify(args.path)};`,
      resolveDir: args.path.replace(/[\\/][^\\/]*$/, ''),
    }));
  },
};

const fresh = !process.argv.includes('--force') && outputs.every((f) => existsSync(f) && statSync(f).mtimeMs > newestInput());
if (!fresh) {
  const { build } = await import('esbuild');
  const common = {
    bundle: true,
    platform: 'node',
    format: 'esm',
    // es2023, not node20: esbuild's node20 table needlessly lowers \p{…} regex literals into
    // `new RegExp()` calls that recompile on every call, in the hottest functions.
    target: 'es2023',
    outdir: 'dist',
    outExtension: { '.js': '.mjs' },
    sourcemap: 'linked',
    logLevel: 'warning',
    // Bundled CommonJS dependencies call require(); give the ES module bundle one.
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  };
  await Promise.all([
    build({ ...common, entryPoints: { cli: 'src/cli/main.ts', 'corpus-check': 'src/corpus/check-cli.ts' }, minify: true, plugins: [zodEnglishOnly] }),
    // The snapshot builder runs one CommonJS script; import.meta.url becomes the bundle's own URL,
    // as it is for the ES module bundle next to it.
    build({
      ...common,
      entryPoints: { 'cli-snapshot': 'src/cli/snapshot-entry.ts' },
      format: 'cjs',
      outExtension: { '.js': '.cjs' },
      minify: true,
      plugins: [zodEnglishOnly],
      sourcemap: false,
      define: { 'import.meta.url': '__bundle_url' },
      banner: { js: "const __bundle_url = require('node:url').pathToFileURL(__filename).href;" },
    }),
    // The report and curate open SQLite through better-sqlite3, a native module that cannot be bundled;
    // pg's optional native binding (pg-native) is not installed and pg only loads it when asked to.
    build({ ...common, entryPoints: { report: 'src/report/main.ts', curate: 'src/cli/curate.ts' }, minify: true, external: ['better-sqlite3', 'pg-native'] }),
    build({
      ...common,
      entryPoints: Object.fromEntries(Object.entries(adapters).filter(([, file]) => existsSync(file))),
      packages: 'external',
    }),
  ]);
}

/** Every file under `path` (or `path` itself), sorted, for hashing. */
function filesUnder(path) {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path).sort().flatMap((name) => filesUnder(join(path, name)));
}

function snapshotKey(corpusDir) {
  const hash = createHash('sha256').update(`${process.version} ${process.arch} ${process.platform} ${corpusDir}\n`);
  for (const file of [...filesUnder(corpusDir), ...filesUnder('src/data'), 'package-lock.json', 'dist/cli-snapshot.cjs']) {
    if (existsSync(file)) hash.update(`${file}\n`).update(readFileSync(file));
  }
  return hash.digest('hex');
}

const blob = 'dist/cli.blob';
const keyFile = `${blob}.key`;
const corpusDir = resolve(process.env.CORPUS_DIR || 'corpus');
const key = snapshotKey(corpusDir);
const current = existsSync(blob) && existsSync(keyFile) ? readFileSync(keyFile, 'utf8') : '';
if (!fresh || current !== key) {
  rmSync(keyFile, { force: true });
  const tmp = `${blob}.${process.pid}.tmp`;
  // The builder warns that some built-in modules are "not yet fully verified" in snapshots; the CLI
  // only calls them after the snapshot is restored. Its output goes to dist/cli.blob.log, not to the
  // terminal: without a blob the CLI starts the plain way, and the log says why.
  const log = openSync(`${blob}.log`, 'w');
  const made = spawnSync(process.execPath, ['--snapshot-blob', tmp, '--build-snapshot', 'dist/cli-snapshot.cjs'], {
    env: { ...process.env, CORPUS_DIR: corpusDir },
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  if (made.status === 0 && existsSync(tmp)) {
    renameSync(tmp, blob);
    writeFileSync(keyFile, key);
  } else {
    rmSync(tmp, { force: true });
    rmSync(blob, { force: true });
  }
}
