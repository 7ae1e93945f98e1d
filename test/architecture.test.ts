import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}
const imports = (file: string): string[] => [...readFileSync(file, 'utf8').matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)].map((m) => m[1]!);

describe('architecture', () => {
  it('keeps src/ blind to Slack and Discord', () => {
    for (const f of files('src')) {
      for (const spec of imports(f)) {
        expect(spec, f).not.toMatch(/^(discord\.js|@discordjs\/|@slack\/)/);
        expect(spec, f).not.toMatch(/adapters\//);
      }
    }
  });

  it('lets adapters import the core but never each other', () => {
    for (const [mine, other] of [['slack', 'discord'], ['discord', 'slack']] as const) {
      let dir: string[];
      try {
        dir = files(join('adapters', mine));
      } catch {
        continue;
      }
      for (const f of dir) for (const spec of imports(f)) expect(spec, f).not.toContain(`/${other}/`);
    }
  });

  it('reads nothing from ../shared at run or test time', () => {
    for (const f of [...files('src'), ...files('test'), ...files('adapters')]) {
      if (f.endsWith('architecture.test.ts')) continue;
      expect(readFileSync(f, 'utf8'), f).not.toMatch(/\.\.\/shared/);
    }
  });
});
