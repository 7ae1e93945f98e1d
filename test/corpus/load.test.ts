import { mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PlanBot } from '../../src/dialogue/bot.js';
import { CorpusError, loadCorpus, parseDocument } from '../../src/corpus/load.js';

const header = (fields: Record<string, string>): string => `---\n${Object.entries(fields).map(([k, v]) => `${k}: ${v}`).join('\n')}\n---\n`;
const good = { id: 'extra-doc', title: 'An extra document', source: 'A test source', date: '2025-11-21' };

function corpusWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'corpus-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}

describe('corpus loading', () => {
  it('ships the AP article verbatim as the default document, attributed as a news summary', () => {
    const [doc] = loadCorpus('corpus');
    expect(doc!.id).toBe('plan-article');
    expect(doc!.source).toMatch(/news summary/i);
    expect(doc!.source).toMatch(/Associated Press/);
    expect(doc!.text.startsWith('The Associated Press published a copy of the 28-point draft peace plan')).toBe(true);
    expect(doc!.text.endsWith('based on the plan.')).toBe(true);
  });

  it('reads metadata and keeps the body byte for byte', () => {
    const doc = parseDocument(`${header({ ...good, url: 'https://example.org/a' })}Line one.\nLine two.`, 'x.txt');
    expect(doc).toMatchObject({ ...good, url: 'https://example.org/a', language: 'en', text: 'Line one.\nLine two.' });
  });

  it.each([
    ['a missing header', 'Just text.', /missing metadata header/],
    ['an unclosed header', '---\nid: a\n', /not closed/],
    ['a missing title', `${header({ id: 'a', source: 's', date: '2025-11-20' })}Text.`, /title: is required/],
    ['a bad date', `${header({ ...good, date: '20 Nov 2025' })}Text.`, /date: must be YYYY-MM-DD/],
    ['a bad id', `${header({ ...good, id: 'Bad Id!' })}Text.`, /id: must be/],
    ['an unknown key', `${header({ ...good, colour: 'red' })}Text.`, /invalid metadata/],
    ['an empty document', `${header(good)}\n  \n`, /no text/],
    ['a line that is not key: value', `---\nid: a\nnonsense\n---\nText.`, /header line 3/],
  ])('rejects %s with a message naming the file', (_name, content, message) => {
    expect(() => parseDocument(content, 'corpus/bad.txt')).toThrow(CorpusError);
    expect(() => parseDocument(content, 'corpus/bad.txt')).toThrow(/corpus\/bad\.txt/);
    expect(() => parseDocument(content, 'corpus/bad.txt')).toThrow(message);
  });

  it('rejects a duplicate id, naming both files', () => {
    const dir = corpusWith({ 'a.txt': `${header(good)}One.`, 'b.txt': `${header(good)}Two.` });
    expect(() => loadCorpus(dir)).toThrow(/b\.txt: duplicate document id "extra-doc" \(also used by .*a\.txt\)/);
  });

  it('rejects a binary file and an empty or missing folder', () => {
    expect(() => loadCorpus(corpusWith({ 'bin.txt': 'abc\u0000def' }))).toThrow(/NUL/);
    expect(() => loadCorpus(corpusWith({ 'README.md': '# notes' }))).toThrow(/holds no documents/);
    expect(() => loadCorpus('/nonexistent/corpus')).toThrow(/cannot read corpus folder/);
  });

  it("skips dotfiles such as an editor's lock file (.#plan-article.txt) instead of failing start-up", () => {
    const dir = corpusWith({ 'extra.txt': `${header(good)}The memo.`, '.~lock.extra.txt#': 'x', '.extra.txt.swp': 'swap' });
    // Emacs's lock: a symlink to "user@host.pid", which does not exist.
    symlinkSync('editor@host.4242:1764900000', join(dir, '.#extra.txt'));
    writeFileSync(join(dir, '.hidden.txt'), 'no header at all');
    expect(loadCorpus(dir).map((d) => d.id)).toEqual(['extra-doc']);
  });

  it('cites a dropped-in document with no code change, and keeps the default ids', () => {
    const article = readFileSync('corpus/plan-article.txt', 'utf8');
    const extra = `${header(good)}The memo says the snowdrift treaty would be signed in Reykjavik.`;
    const dir = corpusWith({ 'plan-article.txt': article, 'extra.txt': extra });
    const bot = PlanBot.load({ corpusDir: dir });
    const answer = bot.ask('Where would the snowdrift treaty be signed?');
    expect(answer.kind).toBe('answered');
    if (answer.kind === 'answered') {
      expect(answer.citations[0]!.id).toBe('extra-doc:1.1');
      expect(answer.citations[0]!.documentTitle).toBe('An extra document');
    }
    expect(bot.resolve('plan-article:7.2')).toEqual(['plan-article:7.2']);
    expect(PlanBot.load().passageIds).toEqual(bot.passageIds.filter((id) => id.startsWith('plan-article:')));
  });
});
