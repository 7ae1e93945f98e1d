import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : /\.(ts|mjs)$/.test(e.name) ? [join(dir, e.name)] : []));
}
/** Bare package names a file imports (node: built-ins and relative paths left out). */
function packagesOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [
    ...text.matchAll(/^\s*(?:import|export|\})[^;'"]*?from\s+['"]([^'"]+)['"]/gm),
    ...text.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm),
    ...text.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g),
    ...text.matchAll(/createRequire\([^)]*\)(?:\.resolve)?\(\s*['"]([^'"]+)['"]/g),
  ].map((m) => m[1]!).filter((s) => !s.startsWith('.'));
  return specs.filter((s) => !s.startsWith('node:')).map((s) => (s.startsWith('@') ? s.split('/').slice(0, 2).join('/') : s.split('/')[0]!));
}
// What a production install runs: the core, the adapters, and the bundles built from them.
const runtimeFiles = [...files('src'), ...files('adapters')];

describe('dependencies', () => {
  it('imports at run time only what `dependencies` lists, so `npm prune --omit=dev` keeps the bot working', () => {
    const used = new Set(runtimeFiles.flatMap(packagesOf));
    for (const name of used) expect(pkg.dependencies, `${name} is imported by src/ or adapters/`).toHaveProperty([name]);
  });

  it('lists in `dependencies` nothing that only tests, fakes or scripts import', () => {
    const used = new Set(runtimeFiles.flatMap(packagesOf));
    for (const name of Object.keys(pkg.dependencies)) expect(used.has(name), `${name} is a runtime dependency that src/ and adapters/ never import`).toBe(true);
  });
});
