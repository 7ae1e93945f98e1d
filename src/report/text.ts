/**
 * The gaps report as terminal text and as JSON: plain functions over {@link ReportData}.
 */
import type { ReportData, ReportResult } from '../store/query.js';
import { suggestionsJson, suggestionsText, type SubjectSuggestions } from './suggest.js';

const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
const pct = (n: number, total: number): string => `${total === 0 ? 0 : Math.round((n / total) * 1000) / 10} %`;

/** "No database…" / "No questions…": what an empty report says, in one plain sentence. */
export function emptyMessage(result: Exclude<ReportResult, { status: 'ok' }>): string {
  if (result.status === 'missing') {
    return `No database at ${result.file}: nothing has been recorded yet. The Slack and Discord bots record each question there (DATA_DIR) once they run.`;
  }
  return `No questions recorded in ${result.file} between ${day(result.since)} and ${day(result.until - 1)}.`;
}

/** The range as the report states it, e.g. "2025-11-18 to 2025-11-24". */
export function rangeLabel(data: Pick<ReportData, 'since' | 'until'>): string {
  return `${day(data.since)} to ${day(data.until - 1)}`;
}

/** Questions per day, one column per surface, with totals. */
export function dayTable(data: ReportData): { header: string[]; rows: string[][] } {
  const days = [...new Set(data.perDay.map((d) => d.day))];
  const header = ['day', ...data.surfaces, 'total'];
  const rows = days.map((d) => {
    const counts = data.surfaces.map((s) => data.perDay.find((x) => x.day === d && x.surface === s)?.questions ?? 0);
    return [d, ...counts.map(String), String(counts.reduce((a, b) => a + b, 0))];
  });
  return { header, rows };
}

function table(header: string[], rows: string[][], right: (col: number) => boolean): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => (right(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)];
}

const clip = (s: string, max: number): string => (s.length <= max ? s : `${s.slice(0, max - 1)}…`);

/** The whole report as terminal text; with `suggestions`, what to teach the bot (`npm run curate`) too. */
export function reportText(data: ReportData, suggestions?: SubjectSuggestions[]): string {
  const c = data.classes;
  const q = data.questions;
  const out: string[] = [
    `peace-plan-bot report, ${rangeLabel(data)} (${data.file})`,
    '',
    `${q} questions: answered ${pct(c.answered, q)} (${c.answered}), declined ${pct(c.declined, q)} (${c.declined}), small talk ${pct(c.smalltalk, q)} (${c.smalltalk}), other ${pct(c.other, q)} (${c.other})`,
    `Feedback: ${data.feedback.up} 👍, ${data.feedback.down} 👎`,
    '',
    'Questions per day and surface',
  ];
  const days = dayTable(data);
  out.push(...table(days.header, days.rows, (i) => i > 0).map((l) => `  ${l}`), '');

  out.push('Declined subjects, most frequent first');
  if (data.declinedSubjects.length === 0) out.push('  (none)');
  else out.push(`  ${data.declinedSubjects.slice(0, 15).map((s) => `${s.subject} ×${s.count}`).join(', ')}`);
  out.push('');

  out.push('Answers rated down');
  if (data.ratedDown.length === 0) out.push('  (none)');
  const shown = data.ratedDown.slice(0, 8);
  for (const r of shown) {
    const asked = r.question !== undefined ? `"${clip(r.question, 80)}"` : `(question text not stored, ${r.kind}${r.subject.length ? `: ${r.subject.join(', ')}` : ''})`;
    out.push(`  ${day(r.at)} ${r.surface} 👎${r.down} 👍${r.up} ${asked}`);
    for (const cit of r.citations) out.push(`      ${cit.id} “${clip(cit.quote, 100)}”`);
  }
  if (data.ratedDown.length > shown.length) out.push(`  …and ${data.ratedDown.length - shown.length} more in --json and --html`);
  out.push('');

  out.push('Clauses cited most');
  if (data.cited.length === 0) out.push('  (none)');
  const cited = data.cited.slice(0, 10);
  out.push(...table(['clause', 'times', 'quote'], cited.map((x) => [x.id, `×${x.count}`, `“${clip(x.quote, 80)}”`]), (i) => i === 1).map((l) => `  ${l}`));
  if (suggestions) out.push('', 'What to teach it (npm run curate)', ...suggestionsText(suggestions));
  return out.join('\n');
}

/**
 * The report as JSON for scripts: `questions` (the total) and `declined_subjects`, most frequent first,
 * among the rest; with `suggestions`, `suggestions` in the shape of `npm run curate -- suggest --json`.
 */
export function reportJson(result: ReportResult, suggestions?: SubjectSuggestions[]): Record<string, unknown> {
  if (result.status !== 'ok') {
    return { status: result.status, file: result.file, message: emptyMessage(result), questions: 0, declined_subjects: [] };
  }
  const d = result.data;
  return {
    status: 'ok',
    file: d.file,
    since: new Date(d.since).toISOString(),
    until: new Date(d.until).toISOString(),
    questions: d.questions,
    answered: d.classes.answered,
    declined: d.classes.declined,
    smalltalk: d.classes.smalltalk,
    other: d.classes.other,
    per_day: d.perDay,
    declined_subjects: d.declinedSubjects,
    feedback: d.feedback,
    rated_down: d.ratedDown.map((r) => ({ answer_id: r.answerId, at: new Date(r.at).toISOString(), surface: r.surface, kind: r.kind, question: r.question ?? null, subject: r.subject, down: r.down, up: r.up, citations: r.citations })),
    cited: d.cited,
    ...(suggestions ? { suggestions: suggestionsJson(suggestions) } : {}),
  };
}

/** Parses `--since`: `Nd`, `Nh`, or a UTC date; the start of the range in ms since the epoch. */
export function parseSince(span: string, now: number): number | undefined {
  const rel = /^(\d{1,4})([dh])$/.exec(span.trim());
  if (rel) return now - Number(rel[1]) * (rel[2] === 'd' ? 86_400_000 : 3_600_000);
  if (/^\d{4}-\d{2}-\d{2}$/.test(span.trim())) {
    const t = Date.parse(`${span.trim()}T00:00:00Z`);
    return Number.isNaN(t) ? undefined : t;
  }
  return undefined;
}
