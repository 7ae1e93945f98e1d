// Bundles each entry point into dist/ with esbuild. The CLI is bundled with its dependencies and
// minified: one file parses far faster than zod's and pino's hundreds of modules, which keeps its
// cold start close to a bare `node` script. The chat adapters keep their dependencies external
// (Bolt and discord.js load optional native modules at run time that a bundle would break).
import { build } from 'esbuild';
import { existsSync } from 'node:fs';

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

const adapters = {
  slack: 'adapters/slack/main.ts',
  discord: 'adapters/discord/main.ts',
  'discord-register': 'adapters/discord/register.ts',
};

await Promise.all([
  build({ ...common, entryPoints: { cli: 'src/cli.ts' }, minify: true }),
  build({
    ...common,
    entryPoints: Object.fromEntries(Object.entries(adapters).filter(([, file]) => existsSync(file))),
    packages: 'external',
  }),
]);
