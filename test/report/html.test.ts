/** The HTML report with strings longer than its layout: nothing pushed out of view or clipped. */
import { describe, expect, it } from 'vitest';
import { reportHtml, subjectChart } from '../../src/report/html.js';
import type { ReportData } from '../../src/store/query.js';

const LONG = `${'W'.repeat(40)} and the ${'reconstruction-fund-oversight'.repeat(8)}`;

function data(subject: string): ReportData {
  return {
    file: '/data/peace-plan.db',
    since: 0,
    until: 86_400_000,
    questions: 1,
    classes: { answered: 0, declined: 1, smalltalk: 0, other: 0 },
    perDay: [{ day: '1970-01-01', surface: 'slack', questions: 1 }],
    surfaces: ['slack'],
    declinedSubjects: [{ subject, count: 7 }],
    feedback: { up: 0, down: 0 },
    ratedDown: [],
    cited: [{ id: 'plan-article:7.2', quote: LONG, count: 3 }],
  };
}

describe('the HTML report with long strings', () => {
  it('wraps a long subject or quote inside its cell so the count column stays in view', () => {
    const html = reportHtml(data(LONG));
    // Text cells may break anywhere; count cells never wrap; tables keep to the page width.
    expect(html).toMatch(/td\.text\{[^}]*overflow-wrap:anywhere/);
    expect(html).toMatch(/\.num\{[^}]*white-space:nowrap/);
    expect(html).toMatch(/table\{[^}]*table-layout:fixed[^}]*width:100%/);
    expect(html).toContain(`<td class="text">${LONG}</td><td class="num">7</td>`);
  });

  it('truncates a long SVG label to fit its column, with the whole subject in a title', () => {
    const svg = subjectChart([{ subject: LONG, count: 7 }]);
    const label = /<text x="(\d+)"[^>]*text-anchor="end"([^>]*)><title>([^<]*)<\/title>([^<]*)<\/text>/.exec(svg);
    expect(label).not.toBeNull();
    const [, x, , title, shown] = label!;
    expect(title).toBe(LONG);
    expect(shown!.endsWith('…')).toBe(true);
    // "W" is about 0.95 em wide at 12 px: no more of them than fit left of the bars.
    expect(([...shown!].length - 1) * 0.95 * 12).toBeLessThanOrEqual(Number(x));
    // Ordinary words are not cut short for nothing.
    const plain = /text-anchor="end"><title>[^<]*<\/title>([^<]*)<\/text>/.exec(subjectChart([{ subject: 'security guarantees for the Zaporizhzhia plant', count: 1 }]));
    expect(plain![1]!.length).toBeGreaterThanOrEqual(28);
  });

  it('escapes a subject that carries <script> in the label, its title and the table', () => {
    const html = reportHtml(data(`<script>alert(1)</script>${'x'.repeat(60)}`));
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});
