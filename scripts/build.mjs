// Bundles each entry point into dist/ with esbuild: a single file per entry loads faster than
// dozens of transpiled modules, which keeps the CLI's cold start close to a bare `node` script.
// Dependencies stay external (loaded from node_modules as usual).
import { build } from 'esbuild';
import { existsSync } from 'node:fs';

const entries = {
  cli: 'src/cli.ts',
  slack: 'adapters/slack/main.ts',
  discord: 'adapters/discord/main.ts',
  'discord-register': 'adapters/discord/register.ts',
};

const entryPoints = Object.fromEntries(Object.entries(entries).filter(([, file]) => existsSync(file)));

await build({
  entryPoints,
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  outExtension: { '.js': '.mjs' },
  sourcemap: 'linked',
  logLevel: 'warning',
});
