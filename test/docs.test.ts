/**
 * The documentation names commands and files; this keeps them true. Every `npm run X` shown in
 * README.md, docs/*.md and the adapters' and src/ folders' READMEs names a script of package.json,
 * every file a `node`/`sh`/`bash` command runs exists, every repo path in code (`src/…`, `test/…`,
 * …) exists, every relative link reaches a file (and its #heading), every docs/ page is linked from
 * the README, and the README stays short.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { describe, expect, it } from 'vitest';

const scripts = new Set(Object.keys((JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts));

const readmesUnder = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory() && existsSync(join(dir, e.name, 'README.md'))).map((e) => `${dir}/${e.name}/README.md`);

/** Every page checked: the README, docs/, and the READMEs of the adapters and of src/'s folders. */
const docPages = readdirSync('docs').filter((f) => f.endsWith('.md')).sort().map((f) => `docs/${f}`);
const pages = ['README.md', ...docPages, ...readmesUnder('adapters'), 'src/README.md', ...readmesUnder('src')];

/** Folders whose paths the docs name in code, as a reader would type them from the repository root. */
const ROOTS = ['src', 'scripts', 'adapters', 'test', 'docs', 'bench', 'corpus', '.ci'];
/** Made at build or run time, so absent from a clean clone: `dist/cli.blob`, `data/peace-plan.db`. */
const MADE = ['dist/', 'data/'];
/** Files the docs ask the reader to create, named as examples. */
const EXAMPLES = new Set(['corpus/plan-text.txt']);

interface Page {
  /** Text outside fenced code blocks, with inline code left in. */
  prose: string;
  /** Fenced blocks' bodies and inline code spans, whitespace folded (a span may wrap a line). */
  code: string[];
  headings: string[];
}

function parse(text: string): Page {
  const prose: string[] = [];
  const code: string[] = [];
  const headings: string[] = [];
  let fence: string[] | undefined;
  for (const line of text.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) {
      if (fence) {
        code.push(...fence);
        fence = undefined;
      } else fence = [];
      continue;
    }
    if (fence) fence.push(line);
    else {
      prose.push(line);
      const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
      if (heading) headings.push(heading[1]!);
    }
  }
  const joined = prose.join('\n');
  for (const m of joined.matchAll(/(`+)([^`][\s\S]*?)\1(?!`)/g)) code.push(m[2]!.replace(/\s+/g, ' ').trim());
  return { prose: joined, code, headings };
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
function slug(heading: string): string {
  const text = heading.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/`/g, '');
  return text.toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
}

function anchors(headings: string[]): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const h of headings) {
    const s = slug(h);
    const n = seen.get(s) ?? 0;
    seen.set(s, n + 1);
    out.add(n === 0 ? s : `${s}-${n}`);
  }
  return out;
}

/** `a/{b,c}.json` → `a/b.json`, `a/c.json`. */
function expandBraces(path: string): string[] {
  const m = /\{([^{}]*)\}/.exec(path);
  if (!m) return [path];
  return m[1]!.split(',').flatMap((alt) => expandBraces(path.slice(0, m.index) + alt + path.slice(m.index + m[0].length)));
}

/** Whether a repo-relative path (maybe a glob) exists, or is one the docs may name without it existing. */
function exists(path: string): boolean {
  const clean = path.replace(/^\.\//, '');
  if (MADE.some((d) => clean.startsWith(d)) || EXAMPLES.has(clean)) return true;
  return expandBraces(clean).every((p) => {
    const glob = p.search(/[*?]/);
    return existsSync(glob < 0 ? p : p.slice(0, p.lastIndexOf('/', glob) + 1) || '.');
  });
}

const PATH = new RegExp(`(?<![\\w./~$@-])((?:\\./)?(?:${ROOTS.map((r) => r.replace('.', '\\.')).join('|')})/(?:[^\\s\`'"()<>\\[\\]|;,{}#]|\\{[^}\\s]*\\})*)`, 'g');

/** What is wrong with one page, one line per problem; also counts what was checked. */
function problemsIn(file: string, text: string, docs: Map<string, Page>, seen = { scripts: 0, files: 0, paths: 0, links: 0 }): string[] {
  const page = parse(text);
  const problems: string[] = [];
  for (const snippet of page.code) {
    for (const m of snippet.matchAll(/\bnpm\s+run\s+(?:--silent\s+|-s\s+)?([\w:.-]+)|\bnpm\s+(test|start)\b/g)) {
      const name = (m[1] ?? m[2])!.replace(/[:.]+$/, ''); // `npm run bench: …` in a sentence
      seen.scripts++;
      if (!scripts.has(name)) problems.push(`${file}: \`npm run ${name}\` names no script of package.json`);
    }
    const words = snippet.split(/\s+/);
    words.forEach((word, i) => {
      if (!['node', 'sh', 'bash'].includes(word)) return;
      for (const arg of words.slice(i + 1)) {
        if (['&&', '||', ';', '|', '&'].includes(arg) || arg.startsWith('#')) break;
        const path = arg.replace(/^["']|["'),;]+$/g, '');
        if (path.startsWith('-') || path.startsWith('$') || path.startsWith('http') || !/\/|\.(m?js|cjs|ts|sh)$/.test(path)) continue;
        seen.files++;
        if (!exists(path)) problems.push(`${file}: \`${word} … ${path}\` runs a file that does not exist`);
      }
    });
    for (const m of snippet.matchAll(PATH)) {
      const path = m[1]!.replace(/[.:]+$/, '');
      seen.paths++;
      if (!exists(path)) problems.push(`${file}: \`${path}\` does not exist`);
    }
  }
  const prose = page.prose.replace(/(`+)([^`][\s\S]*?)\1(?!`)/g, 'CODE');
  for (const m of prose.matchAll(/\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
    const target = m[1]!;
    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue;
    seen.links++;
    const [path, anchor] = target.split('#') as [string, string | undefined];
    const resolved = path === '' ? file : normalize(join(dirname(file), path));
    if (resolved.startsWith('..') || !existsSync(resolved)) {
      problems.push(`${file}: link (${target}) leads nowhere`);
      continue;
    }
    if (anchor && resolved.endsWith('.md')) {
      const headings = (docs.get(resolved) ?? parse(readFileSync(resolved, 'utf8'))).headings;
      if (!anchors(headings).has(anchor)) problems.push(`${file}: link (${target}) names no heading of ${resolved}`);
    }
  }
  return problems;
}

/** The targets of the README's relative links, as repo paths. */
function linkedFrom(file: string, text: string): Set<string> {
  const prose = parse(text).prose.replace(/(`+)([^`][\s\S]*?)\1(?!`)/g, 'CODE');
  return new Set([...prose.matchAll(/\[[^\]]*\]\(([^)\s#]+)[^)]*\)/g)].map((m) => normalize(join(dirname(file), m[1]!))));
}

describe('documentation', () => {
  const texts = new Map(pages.map((p) => [p, readFileSync(p, 'utf8')]));
  const parsed = new Map([...texts].map(([p, t]) => [p, parse(t)]));

  it('names only scripts, files, paths and headings that exist', () => {
    const seen = { scripts: 0, files: 0, paths: 0, links: 0 };
    const problems = pages.flatMap((p) => problemsIn(p, texts.get(p)!, parsed, seen));
    expect(problems).toEqual([]);
    // Not vacuous: the pages do show commands, run files, name paths and link to one another.
    expect(seen.scripts).toBeGreaterThan(30);
    expect(seen.files).toBeGreaterThan(2);
    expect(seen.paths).toBeGreaterThan(50);
    expect(seen.links).toBeGreaterThan(30);
  });

  it('links every docs/ page from the README, which stays under 200 lines', () => {
    expect(docPages.length).toBeGreaterThan(0);
    const linked = linkedFrom('README.md', texts.get('README.md')!);
    for (const page of docPages) expect(linked, `README.md links ${page}`).toContain(page);
    expect(texts.get('README.md')!.trimEnd().split('\n').length).toBeLessThan(200);
  });

  it('catches a stale script, file, path, link and heading', () => {
    const stale = [
      'Run `npm run no-such-script` or `npm run --silent ask`, then `node scripts/gone.mjs` and `sh scripts/ask.sh`.',
      '```sh',
      'node --import tsx bench/nothing.ts && node dist/cli.mjs',
      '```',
      'Ranking is in `src/answer.ts`, strings in `src/data/strings/{en,xx}.json`, tests in `test/core/`;',
      '`src/retrieval/rank.ts`, `./src/types.ts`, `data/peace-plan.db`, `corpus/*.txt` and `corpus/plan-text.txt` are fine.',
      'See [the layout](layout.md), [gone](gone.md), [a heading](deploying.md#more-than-one-process) and [no heading](deploying.md#nowhere).',
    ].join('\n');
    expect(problemsIn('docs/stale.md', stale, parsed).sort()).toEqual([
      'docs/stale.md: `npm run no-such-script` names no script of package.json',
      'docs/stale.md: `node … scripts/gone.mjs` runs a file that does not exist',
      'docs/stale.md: `scripts/gone.mjs` does not exist',
      'docs/stale.md: `src/answer.ts` does not exist',
      'docs/stale.md: `src/data/strings/{en,xx}.json` does not exist',
      'docs/stale.md: `test/core/` does not exist',
      'docs/stale.md: `node … bench/nothing.ts` runs a file that does not exist',
      'docs/stale.md: `bench/nothing.ts` does not exist',
      'docs/stale.md: link (gone.md) leads nowhere',
      'docs/stale.md: link (deploying.md#nowhere) names no heading of docs/deploying.md',
    ].sort());
  });
});
