/**
 * `npm run report`: the report's figures from a real database, its three renderings, and the bundled
 * command as users run it (missing database, JSON, bad usage).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportHtml } from '../../src/report/html.js';
import { emptyMessage, parseSince, reportJson, reportText } from '../../src/report/text.js';
import { readReport, type ReportData } from '../../src/store/query.js';
import { outcome, tempStore, type TempStore } from '../store/helpers.js';
import { SQLITE_UNAVAILABLE } from '../helpers/sqlite.js';

let t: TempStore;
let data: ReportData;
const DAY = 86_400_000;

beforeAll(() => {
  const build = spawnSync(process.execPath, ['scripts/build.mjs'], { encoding: 'utf8' });
  expect(build.status, build.stderr).toBe(0);
  if (SQLITE_UNAVAILABLE) return;
  t = tempStore({ storeQuestionText: true });
  const now = Date.now();
  const s = t.store;
  for (let i = 0; i < 3; i++) s.record(outcome({ kind: 'not-covered', subject: ['G8'], citations: [], at: now - i * 1000 }));
  s.record(outcome({ kind: 'not-covered', subject: ['Board of Peace'], citations: [], surface: 'discord', via: 'slash' }));
  s.record(outcome({ answerId: 'hostile', kind: 'not-covered', subject: ['<script>alert(1)</script>'], citations: [], question: '<script>alert("q")</script>' }));
  s.record(outcome({ kind: 'smalltalk', citations: [] }));
  s.record(outcome({ kind: 'help', citations: [] }));
  s.record(outcome({ answerId: 'rated', question: 'What about NATO <b>troops</b>?' }));
  s.record(outcome({ answerId: 'shared-copy', via: 'share' }));
  s.record(outcome({ answerId: 'too-old', at: now - 10 * DAY }));
  s.feedback({ answerId: 'rated', userHash: 'u1', vote: 'up', at: now, surface: 'slack' });
  s.feedback({ answerId: 'rated', userHash: 'u1', vote: 'down', at: now, surface: 'slack' });
  s.feedback({ answerId: 'shared-copy', userHash: 'u2', vote: 'down', at: now, surface: 'slack' });
  s.feedback({ answerId: 'hostile', userHash: 'u3', vote: 'down', at: now, surface: 'slack' });
  s.flush();
  // The rows are stamped a few milliseconds after `now`: the range ends well after them.
  const result = readReport(t.file, now - 7 * DAY, now + DAY);
  if (result.status !== 'ok') throw new Error(result.status);
  data = result.data;
});

afterAll(() => t?.dispose());

const report = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, ['dist/report.mjs', ...args], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', ...env } });

describe.skipIf(SQLITE_UNAVAILABLE)('the report', () => {
  it('counts questions in the range by class, leaving out re-shared copies and older rows', () => {
    expect(data.questions).toBe(8);
    expect(data.classes).toEqual({ answered: 1, declined: 5, smalltalk: 1, other: 1 });
    expect(data.surfaces).toEqual(['discord', 'slack']);
  });

  it('lists declined subjects most frequent first', () => {
    expect(data.declinedSubjects[0]).toEqual({ subject: 'G8', count: 3 });
    expect(data.declinedSubjects.map((s) => s.subject)).toContain('Board of Peace');
  });

  it('shows answers rated down with one vote per person, their citation ids and quotes', () => {
    expect(data.feedback).toEqual({ up: 0, down: 3 });
    const rated = data.ratedDown.find((r) => r.answerId === 'rated');
    expect(rated).toMatchObject({ down: 1, up: 0, question: 'What about NATO <b>troops</b>?' });
    expect(rated!.citations).toEqual([{ id: 'plan-article:7.2', quote: 'prohibits NATO troop deployments in Ukraine' }]);
    expect(data.cited[0]).toEqual({ id: 'plan-article:7.2', quote: 'prohibits NATO troop deployments in Ukraine', count: 1 });
  });

  it('prints shares, "G8 ×3" and the rated-down clause in the terminal report', () => {
    const text = reportText(data);
    expect(text).toContain('8 questions: answered 12.5 % (1), declined 62.5 % (5), small talk 12.5 % (1)');
    expect(text).toContain('G8 ×3, ');
    expect(text).toContain('Board of Peace ×1');
    expect(text).toContain('plan-article:7.2 “prohibits NATO troop deployments in Ukraine”');
  });

  it('gives scripts questions and declined_subjects in JSON', () => {
    const json = reportJson({ status: 'ok', data });
    expect(json.questions).toBe(8);
    expect((json.declined_subjects as unknown[])[0]).toEqual({ subject: 'G8', count: 3 });
  });

  it('escapes every user-supplied string in the HTML page, which loads nothing from the network', () => {
    const html = reportHtml(data);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toContain('<b>troops</b>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&lt;script&gt;alert(&quot;q&quot;)&lt;/script&gt;');
    expect(html).not.toMatch(/\b(?:src|href)\s*=|url\(|@import/i);
    expect(html.match(/<svg/g)).toHaveLength(2);
  });

  it('counts declined subjects per question, not per occurrence: a subject named twice in one question counts once', () => {
    const own = tempStore();
    try {
      own.store.record(outcome({ kind: 'not-covered', subject: ['G8', 'G8'], citations: [] }));
      own.store.record(outcome({ kind: 'not-covered', subject: ['G8'], citations: [] }));
      own.store.flush();
      const result = readReport(own.file, 0, Date.now() + DAY);
      expect(result.status === 'ok' && result.data.declinedSubjects).toEqual([{ subject: 'G8', count: 2 }]);
    } finally {
      own.dispose();
    }
  });

  it('reads --since as a span or a date', () => {
    expect(parseSince('7d', 10 * DAY)).toBe(3 * DAY);
    expect(parseSince('24h', 10 * DAY)).toBe(9 * DAY);
    expect(parseSince('2025-11-20', 0)).toBe(Date.parse('2025-11-20T00:00:00Z'));
    expect(parseSince('last week', 0)).toBeUndefined();
  });
});

describe.skipIf(SQLITE_UNAVAILABLE)('npm run report', () => {
  it('says plainly that there is no database yet', () => {
    const r = report([], { DATA_DIR: join(t.dir, 'nowhere') });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('No database at');
    expect(r.stdout).toContain('nothing has been recorded yet');
  });

  it('says plainly that a range holds no questions', () => {
    const r = report(['--db', t.file, '--since', '2000-01-01']);
    expect(r.status).toBe(0);
    const empty = spawnSync(process.execPath, ['dist/report.mjs', '--db', join(t.dir, 'empty.db')], { encoding: 'utf8' });
    expect(empty.stdout).toBe(`${emptyMessage({ status: 'missing', file: join(t.dir, 'empty.db') })}\n`);
  });

  it('prints JSON for scripts and writes the HTML page', () => {
    const r = report(['--db', t.file, '--json']);
    expect(r.status, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout) as { questions: number; declined_subjects: { subject: string; count: number }[] };
    expect(json.questions).toBe(8);
    expect(json.declined_subjects[0]).toEqual({ subject: 'G8', count: 3 });
    const page = join(t.dir, 'report.html');
    expect(report(['--db', t.file, '--html', page]).status).toBe(0);
    expect(readFileSync(page, 'utf8')).toContain('Declined subjects');
    // The curation suggestions come too, the hostile subject escaped there as everywhere.
    expect(readFileSync(page, 'utf8')).toContain('What to teach it');
    expect(readFileSync(page, 'utf8')).not.toMatch(/<script/i);
    expect((JSON.parse(r.stdout) as { suggestions: { subject: string }[] }).suggestions.map((x) => x.subject)).toContain('G8');
  });

  it('says plainly, without a stack trace, that --html cannot write into a missing folder, and exits 1', () => {
    const r = report(['--db', t.file, '--html', join(t.dir, 'missing', 'dir', 'x.html')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^report: cannot write .*x\.html: .*no such (file or )?directory/im);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('stops with exit code 2 on a bad --since', () => {
    const r = report(['--db', t.file, '--since', 'yesterday-ish']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--since');
  });
});
