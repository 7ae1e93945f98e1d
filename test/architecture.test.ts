import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}
const imports = (file: string): string[] => [...readFileSync(file, 'utf8').matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)].map((m) => m[1]!);

describe('architecture', () => {
  it('keeps src/ blind to Slack, Discord and Telegram', () => {
    for (const f of files('src')) {
      for (const spec of imports(f)) {
        expect(spec, f).not.toMatch(/^(discord\.js|@discordjs\/|@slack\/|grammy|@grammyjs\/)/);
        expect(spec, f).not.toMatch(/adapters\//);
      }
    }
  });

  it('lets adapters import the core but never each other', () => {
    const adapters = ['slack', 'discord', 'telegram'] as const;
    for (const [mine, other] of adapters.flatMap((a) => adapters.filter((b) => b !== a).map((b) => [a, b] as const))) {
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

describe('layout', () => {
  it('keeps at most 6 files at the top of src/; the rest sit in folders named for their concern', () => {
    const top = readdirSync('src', { withFileTypes: true }).filter((e) => e.isFile());
    expect(top.length).toBeLessThanOrEqual(6);
  });

  it('gives every folder of src/ a README that says what it does', () => {
    for (const e of readdirSync('src', { withFileTypes: true })) {
      if (!e.isDirectory() || e.name === 'data') continue;
      expect(readFileSync(join('src', e.name, 'README.md'), 'utf8'), e.name).toMatch(/\w/);
    }
  });
});

describe('lint', () => {
  // The rules are proved on text that breaks them, linted as if it stood at a real path of src/.
  const lint = async (filePath: string, text: string): Promise<string[]> => {
    const { ESLint } = await import('eslint');
    const [result] = await new ESLint().lintText(text, { filePath });
    return result!.messages.map((m) => m.ruleId ?? m.message);
  };

  it('fails on a new import cycle', async () => {
    // lexicon.ts imports normalise.ts; a normalise.ts that imported lexicon.ts back closes a cycle.
    const text = `${readFileSync('src/language/normalise.ts', 'utf8')}\nimport { compileLexicon } from './lexicon.js';\nexport const cycle = compileLexicon;\n`;
    expect(await lint('src/language/normalise.ts', text)).toContain('import-x/no-cycle');
  }, 60_000);

  it('fails when a stage imports a later one', async () => {
    const text = "import { rank } from '../retrieval/rank.js';\nexport const late = rank;\n";
    expect(await lint('src/corpus/late.ts', text)).toContain('import-x/no-restricted-paths');
    expect(await lint('src/dialogue/early.ts', text)).not.toContain('import-x/no-restricted-paths');
  }, 60_000);
});
