/** Curation suggestions: candidates for declined subjects and rated-down answers, in text, JSON and HTML. */
import { describe, expect, it } from 'vitest';
import { PlanBot } from '../../src/dialogue/bot.js';
import { reportHtml, suggestionsHtml } from '../../src/report/html.js';
import { curateCommand, shellQuote, suggestCuration, suggestFor, suggestionsJson, suggestionsText } from '../../src/report/suggest.js';
import { reportJson, reportText } from '../../src/report/text.js';
import type { ReportData } from '../../src/store/query.js';

const { index } = PlanBot.load();
const data: ReportData = {
  file: 'test.db',
  since: 0,
  until: 86_400_000,
  questions: 9,
  classes: { answered: 1, declined: 8, smalltalk: 0, other: 0 },
  perDay: [{ day: '1970-01-01', surface: 'slack', questions: 9 }],
  surfaces: ['slack'],
  declinedSubjects: [
    { subject: 'Syria', count: 5 },
    { subject: 'amnesty', count: 2 },
    { subject: '<script>alert(1)</script>', count: 1 },
  ],
  feedback: { up: 0, down: 2 },
  ratedDown: [{ answerId: 'a', at: 0, surface: 'slack', kind: 'answered', question: 'What about the army size?', subject: [], down: 2, up: 0, citations: [{ id: 'plan-article:7.1', quote: 'x' }] }],
  cited: [],
};

describe('suggestCuration', () => {
  const list = suggestCuration(index, data);

  it('lists declined subjects and rated-down questions, most asked first, each suggestion with the command that applies it', () => {
    expect(list.map((s) => [s.subject, s.count])).toEqual([
      ['Syria', 5],
      ['What about the army size?', 2],
      ['amnesty', 2],
      ['<script>alert(1)</script>', 1],
    ]);
    const syria = list[0]!.suggestions;
    expect(syria.length).toBeGreaterThan(0);
    for (const s of syria) expect(s.command).toBe(`npm run curate -- alias Syria ${s.words}`);
    const army = list[1]!.suggestions.filter((s) => s.passage !== undefined);
    // Plain search: the passage that says "Army" (whether it is meant is for a person to judge).
    expect(army.map((s) => s.passage)).toContain('plan-article:19.1');
    expect(army[0]!.command).toMatch(/^npm run curate -- pin "What about the army size\?" plan-article:\d+\.\d+$/);
  });

  it('draws on word vectors and WordNet synonyms for words the documents lack, never on words they have', () => {
    expect(list[0]!.suggestions.every((s) => s.from === 'vectors')).toBe(true);
    expect(suggestFor(index, 'Does Russia rejoin the G8?', 1).suggestions).toContainEqual({ words: 'return', command: 'npm run curate -- alias rejoin return', from: 'synonym' });
    expect(suggestFor(index, 'NATO', 1).suggestions.filter((s) => s.words !== undefined)).toEqual([]);
  });

  it('is deterministic', () => {
    expect(JSON.stringify(suggestCuration(PlanBot.load().index, data))).toBe(JSON.stringify(list));
  });

  it('gives JSON in the fixed shape [{subject, count, suggestions: [{words|passage, command}]}]', () => {
    for (const entry of suggestionsJson(list)) {
      expect(Object.keys(entry)).toEqual(['subject', 'count', 'suggestions']);
      for (const s of entry.suggestions) expect(Object.keys(s).sort()).toSatisfy((k: string[]) => k.join() === 'command,words' || k.join() === 'command,passage');
    }
    expect(reportJson({ status: 'ok', data }, list).suggestions).toEqual(suggestionsJson(list));
  });

  it('shows the suggestions in the text report', () => {
    const text = reportText(data, list);
    expect(text).toContain('What to teach it (npm run curate)');
    expect(text).toContain('  "Syria" ×5');
    expect(suggestionsText([])).toEqual(['  (nothing declined or rated down)']);
  });

  it('escapes everything in the HTML page, subjects and commands alike', () => {
    const hostile = [{ subject: '<script>alert(1)</script>', count: 1, suggestions: [{ words: '<b>', command: curateCommand(['alias', '<script>', '<b>']), from: 'vectors' as const }] }];
    const html = suggestionsHtml(hostile);
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('<b>&lt;b&gt;</b>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('npm run curate -- alias &quot;&lt;script&gt;&quot; &quot;&lt;b&gt;&quot;');
    const page = reportHtml(data, list);
    expect(page).toContain('<h2>What to teach it</h2>');
    expect(page).not.toMatch(/<script/i);
  });
});

describe('shellQuote', () => {
  it('leaves plain words bare and quotes the rest so the shell passes them through unchanged', () => {
    expect(shellQuote('plan-article:7.1')).toBe('plan-article:7.1');
    expect(shellQuote('600,000 personnel')).toBe('"600,000 personnel"');
    expect(shellQuote('say "$HOME" `x` \\')).toBe('"say \\"\\$HOME\\" \\`x\\` \\\\"');
  });
});
