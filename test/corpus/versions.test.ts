import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PlanBot } from '../../src/dialogue/bot.js';
import { CorpusError, loadCorpus } from '../../src/corpus/load.js';
import { chainPlaces, chainProblems, indexOrder } from '../../src/corpus/versions.js';
import type { Answer } from '../../src/types.js';
import { NUMBERED_DIR, numberedBot } from '../helpers/numbered.js';

const both = numberedBot();
const draftOnly = numberedBot(false);
const ids = (a: Answer): string[] => (a.kind === 'answered' ? a.citations.map((c) => c.id) : []);
const meta = (id: string, extra: { supersedes?: string; version?: string } = {}) => ({ id, date: '2025-11-20', ...extra });

describe('version chains', () => {
  it('orders a chain newest first, at its newest document\'s place, other documents by id', () => {
    const docs = [meta('a'), meta('plan-v1', { version: '1' }), meta('plan-v3', { version: '3', supersedes: 'plan-v2' }), meta('plan-v2', { version: '2', supersedes: 'plan-v1' }), meta('z')];
    expect(indexOrder(docs).map((d) => d.id)).toEqual(['a', 'plan-v3', 'plan-v2', 'plan-v1', 'z']);
    expect(chainPlaces(docs).get('plan-v1')).toEqual({ head: 'plan-v3', age: 2, chain: ['plan-v3', 'plan-v2', 'plan-v1'] });
  });

  it('finds broken links: unknown, self, loops, two successors; a chain without version labels is a warning', () => {
    const found = (docs: Parameters<typeof chainProblems>[0]) => chainProblems(docs).map((p) => `${p.level}: ${p.message}`);
    expect(found([meta('a', { supersedes: 'nope', version: '2' })])).toEqual(['error: a: "supersedes: nope" names no document of the corpus']);
    expect(found([meta('a', { supersedes: 'a', version: '1' })])[0]).toContain('names the document itself');
    expect(found([meta('a', { supersedes: 'b', version: '1' }), meta('b', { supersedes: 'a', version: '2' })]).some((m) => m.includes('loop'))).toBe(true);
    expect(found([meta('a', { version: '1' }), meta('b', { supersedes: 'a', version: '2' }), meta('c', { supersedes: 'a', version: '3' })])[0]).toContain('only one successor');
    expect(found([meta('a'), meta('b', { supersedes: 'a', version: '2' })])).toEqual(['warning: a: in a version chain but has no "version:" label; answers will name it by its id']);
  });

  it('refuses to load a corpus whose supersedes link names no document', () => {
    const dir = mkdtempSync(join(tmpdir(), 'versions-'));
    writeFileSync(join(dir, 'b.txt'), '---\nid: b\ntitle: t\nsource: s\ndate: 2025-11-20\nversion: 2\nsupersedes: gone\n---\nText.\n');
    expect(() => loadCorpus(dir)).toThrow(CorpusError);
    expect(() => loadCorpus(dir)).toThrow(/supersedes: gone/);
  });

  it('reads version and supersedes from the header and lists the chain in sources', () => {
    const a = both.ask('sources');
    expect(a.kind === 'sources' && a.sources.find((s) => s.id === 'plan-points-v2')).toMatchObject({ version: 'revision 2', supersedes: 'plan-points', points: 24 });
    expect(a.kind === 'sources' && a.sources.find((s) => s.id === 'plan-points')).toMatchObject({ version: 'draft 1', supersededBy: 'plan-points-v2', points: 28 });
    expect(a.text).toContain('Versions, newest first: plan-points-v2 (revision 2) → plan-points (draft 1).');
  });
});

describe('answers across versions', () => {
  it('quotes a passage both versions share from the newest, once, and says which version it is', () => {
    const a = both.ask('Does Washington get paid for the guarantee?');
    expect(a.kind).toBe('answered');
    if (a.kind !== 'answered') return;
    expect(a.citations[0]!.id).toBe('plan-points-v2:8.2');
    expect(a.citations[0]!.version).toBe('revision 2');
    expect(a.citations.filter((c) => c.quote === 'Washington is paid for providing it;')).toHaveLength(1);
  });

  it('prefers the newest version when a revision changed the provision', () => {
    expect(ids(both.ask('How many personnel may Ukraine’s armed forces have?'))[0]).toBe('plan-points-v2:6.1');
  });
});

describe('compare', () => {
  it('sets the matching points of each version side by side, newest first', () => {
    const a = both.ask('what changed about the army cap?');
    expect(a.kind).toBe('answered');
    expect(ids(a)).toEqual(['plan-points-v2:6.1', 'plan-points:6.1']);
    expect(a.kind === 'answered' && a.citations.map((c) => c.version)).toEqual(['revision 2', 'draft 1']);
    expect(a.lead).toBe('The army cap in 2 versions of the plan, newest first:');
  });

  it('names a version that has no point on the subject, and one that says the same', () => {
    const jets = both.ask('compare fighter jets');
    expect(ids(jets)).toEqual(['plan-points:9.1']);
    expect(jets.lead).toContain('plan-points-v2 (revision 2) has no point on this.');
    const sovereignty = both.ask('compare sovereignty');
    expect(ids(sovereignty)[0]).toBe('plan-points-v2:1.1');
    expect(sovereignty.lead).toContain('plan-points (draft 1) says the same as plan-points-v2 (revision 2).');
  });

  it('says there is nothing to compare with a single version, and still answers', () => {
    const a = draftOnly.ask('compare elections');
    expect(a.kind).toBe('answered');
    expect(a.lead).toMatch(/^Only one version of the plan is loaded \(plan-points \(draft 1\)\)/);
    expect(a.text.split('\n')[0]).toBe(a.lead);
  });

  it('declines a subject no version covers', () => {
    expect(both.ask('compare the G20 summit').kind).toBe('not-covered');
  });

  it('loads the fixtures as a folder', () => {
    expect(loadCorpus(NUMBERED_DIR).map((d) => d.id)).toEqual(['plan-points', 'plan-points-v2']);
    expect(PlanBot.load({ corpusDir: NUMBERED_DIR }).pointDocs.map((d) => d.id)).toEqual(['plan-points-v2', 'plan-points']);
  });
});
