// Bundles each entry point into dist/ with esbuild. The CLI is bundled with its dependencies and
// minified: one file parses far faster than zod's and pino's hundreds of modules, which keeps its
// cold start close to a bare `node` script. The chat adapters keep their dependencies external
// (Bolt and discord.js load optional native modules at run time that a bundle would break).
// `npm run ask`, `slack` and `discord` call this first; it returns at once when dist/ is newer than
// every source file, so that running the bot does not pay for a rebuild (`--force` rebuilds anyway).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const adapters = {
  slack: 'adapters/slack/main.ts',
  discord: 'adapters/discord/main.ts',
  'discord-register': 'adapters/discord/register.ts',
};
const outputs = ['dist/cli.mjs', 'dist/corpus-check.mjs', 'dist/report.mjs', ...Object.entries(adapters).filter(([, f]) => existsSync(f)).map(([name]) => `dist/${name}.mjs`)];

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
    build({ ...common, entryPoints: { cli: 'src/cli.ts', 'corpus-check': 'src/corpus-check.ts' }, minify: true }),
    // The report opens SQLite through better-sqlite3, a native module that cannot be bundled.
    build({ ...common, entryPoints: { report: 'src/report.ts' }, minify: true, external: ['better-sqlite3'] }),
    build({
      ...common,
      entryPoints: Object.fromEntries(Object.entries(adapters).filter(([, file]) => existsSync(file))),
      packages: 'external',
    }),
  ]);
}
