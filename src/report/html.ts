/**
 * The gaps report as one self-contained HTML page: the terminal report's tables plus inline-SVG bar
 * charts of declined subjects and daily volume. No script, no external resource (a strict CSP says
 * so to the browser), and every string that came from users or the corpus is escaped.
 */
import type { ReportData } from '../store/query.js';
import { dayTable, rangeLabel } from './text.js';
import type { SubjectSuggestions } from './suggest.js';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
const pct = (n: number, total: number): string => `${total === 0 ? 0 : Math.round((n / total) * 1000) / 10} %`;
const COLOURS = ['#2563eb', '#16a34a', '#d97706', '#9333ea', '#dc2626', '#0891b2'];

function htmlTable(header: string[], rows: string[][], numeric: (col: number) => boolean = () => false): string {
  // Text cells may break anywhere and counts never wrap, so a 300-character subject cannot push the count out of view.
  const cell = (tag: 'th' | 'td', text: string, i: number): string => `<${tag} class="${numeric(i) ? 'num' : 'text'}">${escapeHtml(text)}</${tag}>`;
  return `<table><thead><tr>${header.map((h, i) => cell('th', h, i)).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c, i) => cell('td', c, i)).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

/** Rough width of a character at 12 px: wide capitals and CJK about an em, narrow letters a third. */
function charWidth(c: string): number {
  if (/[WMmw@%]|[\u1100-\uffff]/u.test(c)) return 11.4;
  if (/[A-Z0-9ЖШЩЮФДМ]/u.test(c)) return 8.4;
  if (/[ilj.,:;'|!tf ()]/.test(c)) return 4;
  return 7;
}

/** A label cut (with "…") to fit `room` px, so SVG never clips it at the chart's left edge. */
function fitLabel(text: string, room: number): string {
  const chars = [...text];
  let width = 0;
  for (let i = 0; i < chars.length; i++) {
    width += charWidth(chars[i]!);
    if (width > room) {
      const kept: string[] = chars.slice(0, i);
      while (kept.length > 0 && kept.reduce((w, c) => w + charWidth(c), 0) + charWidth('…') > room) kept.pop();
      return `${kept.join('').trimEnd()}…`;
    }
  }
  return text;
}

/** Horizontal bars, one per subject, labelled with its count. */
export function subjectChart(subjects: { subject: string; count: number }[]): string {
  if (subjects.length === 0) return '<p class="none">No question was declined.</p>';
  const shown = subjects.slice(0, 15);
  const max = Math.max(...shown.map((s) => s.count));
  const row = 26;
  const labelWidth = 220;
  const barWidth = 460;
  const height = shown.length * row + 10;
  const bars = shown
    .map((s, i) => {
      const y = i * row + 5;
      const w = Math.max(2, Math.round((s.count / max) * barWidth));
      return (
        `<text x="${labelWidth - 8}" y="${y + 16}" text-anchor="end"><title>${escapeHtml(s.subject)}</title>${escapeHtml(fitLabel(s.subject, labelWidth - 8))}</text>` +
        `<rect x="${labelWidth}" y="${y + 2}" width="${w}" height="${row - 8}" fill="#dc2626"><title>${escapeHtml(`${s.subject}: ${s.count}`)}</title></rect>` +
        `<text x="${labelWidth + w + 6}" y="${y + 16}">×${s.count}</text>`
      );
    })
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="Declined subjects" width="${labelWidth + barWidth + 60}" height="${height}" viewBox="0 0 ${labelWidth + barWidth + 60} ${height}">${bars}</svg>`;
}

/** Vertical bars, one per day, stacked by surface, with a legend. */
export function volumeChart(data: Pick<ReportData, 'perDay' | 'surfaces'>): string {
  const days = [...new Set(data.perDay.map((d) => d.day))];
  if (days.length === 0) return '<p class="none">No questions.</p>';
  const totals = days.map((d) => data.perDay.filter((x) => x.day === d).reduce((n, x) => n + x.questions, 0));
  const max = Math.max(...totals);
  const chartHeight = 200;
  // Room above the tallest bar for its count.
  const top0 = 18;
  const slot = Math.max(24, Math.min(80, Math.floor(700 / days.length)));
  const left = 40;
  const width = left + days.length * slot + 10;
  const height = top0 + chartHeight + 60;
  const parts: string[] = [
    `<line x1="${left}" y1="${top0 + chartHeight + 10}" x2="${width - 5}" y2="${top0 + chartHeight + 10}" stroke="#888"/>`,
    `<text x="${left - 6}" y="${top0 + 18}" text-anchor="end">${max}</text>`,
    `<text x="${left - 6}" y="${top0 + chartHeight + 10}" text-anchor="end">0</text>`,
  ];
  days.forEach((d, i) => {
    let top = top0 + chartHeight + 10;
    const x = left + i * slot + 4;
    data.surfaces.forEach((s, j) => {
      const n = data.perDay.find((p) => p.day === d && p.surface === s)?.questions ?? 0;
      if (n === 0) return;
      const h = Math.max(1, Math.round((n / max) * chartHeight));
      top -= h;
      parts.push(`<rect x="${x}" y="${top}" width="${slot - 8}" height="${h}" fill="${COLOURS[j % COLOURS.length]}"><title>${escapeHtml(`${d} ${s}: ${n}`)}</title></rect>`);
    });
    parts.push(`<text x="${x + (slot - 8) / 2}" y="${top - 4}" text-anchor="middle">${totals[i]}</text>`);
    parts.push(`<text x="${x + (slot - 8) / 2}" y="${top0 + chartHeight + 26}" text-anchor="middle" font-size="10">${escapeHtml(d.slice(5))}</text>`);
  });
  data.surfaces.forEach((s, j) => {
    const x = left + j * 110;
    parts.push(`<rect x="${x}" y="${top0 + chartHeight + 38}" width="12" height="12" fill="${COLOURS[j % COLOURS.length]}"/><text x="${x + 16}" y="${top0 + chartHeight + 49}">${escapeHtml(s)}</text>`);
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="Questions per day" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${parts.join('')}</svg>`;
}

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem auto;max-width:960px;padding:0 1rem;color:#111}
h1{font-size:1.4rem;margin-bottom:.2rem}h2{font-size:1.1rem;margin-top:2rem;border-bottom:1px solid #ddd;padding-bottom:.2rem}
.meta{color:#555}.shares{display:flex;gap:1rem;flex-wrap:wrap}.share{border:1px solid #ddd;border-radius:6px;padding:.5rem .9rem}
.share b{display:block;font-size:1.3rem}table{border-collapse:collapse;margin:.5rem 0;table-layout:fixed;width:100%}th,td{border-bottom:1px solid #eee;padding:.25rem .6rem;text-align:left;vertical-align:top}
th{background:#f6f6f6}.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap;width:6em}td.text{overflow-wrap:anywhere}
li,blockquote{overflow-wrap:anywhere}svg{max-width:100%;height:auto}svg text{font:12px system-ui,sans-serif;fill:#222}
blockquote{margin:.2rem 0 .2rem 1rem;color:#333}code{background:#f3f3f3;padding:0 .2rem}.none{color:#777}`;

/** The curation suggestions: per subject, each candidate with the command that applies it. */
export function suggestionsHtml(list: SubjectSuggestions[]): string {
  if (list.length === 0) return '<p class="none">Nothing was declined or rated down.</p>';
  const items = list.map(({ subject, count, suggestions }) => {
    const rows = suggestions.map((s) => `<li>${escapeHtml(s.from)}: <b>${escapeHtml(s.words ?? s.passage ?? '')}</b> <code>${escapeHtml(s.command)}</code></li>`).join('');
    return `<li>“${escapeHtml(subject)}” ×${count}${rows ? `<ul>${rows}</ul>` : ' <span class="none">no candidate words or passages</span>'}</li>`;
  });
  return `<ul>${items.join('')}</ul>`;
}

/** The whole report as one HTML page; with `suggestions`, a section of curation suggestions too. */
export function reportHtml(data: ReportData, suggestions?: SubjectSuggestions[]): string {
  const c = data.classes;
  const q = data.questions;
  const shares = (
    [
      ['Questions', String(q)],
      ['Answered', `${pct(c.answered, q)} (${c.answered})`],
      ['Declined', `${pct(c.declined, q)} (${c.declined})`],
      ['Small talk', `${pct(c.smalltalk, q)} (${c.smalltalk})`],
      ['Other', `${pct(c.other, q)} (${c.other})`],
      // Words, not 👍/👎: a browser without an emoji font would show empty boxes.
      ['Rated up · down', `${data.feedback.up} · ${data.feedback.down}`],
    ] as const
  )
    .map(([label, value]) => `<div class="share">${escapeHtml(label)}<b>${escapeHtml(value)}</b></div>`)
    .join('');
  const days = dayTable(data);
  const ratedDown = data.ratedDown.length
    ? data.ratedDown
        .map((r) => {
          const asked = r.question !== undefined ? `“${escapeHtml(r.question)}”` : `<span class="none">question text not stored (${escapeHtml(r.kind)}${r.subject.length ? `: ${escapeHtml(r.subject.join(', '))}` : ''})</span>`;
          const quotes = r.citations.map((x) => `<blockquote><code>${escapeHtml(x.id)}</code> “${escapeHtml(x.quote)}”</blockquote>`).join('');
          return `<li><b>${escapeHtml(day(r.at))}</b> ${escapeHtml(r.surface)} · down ${r.down} · up ${r.up} · ${asked}${quotes}</li>`;
        })
        .join('')
    : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>peace-plan-bot report, ${escapeHtml(rangeLabel(data))}</title>
<style>${STYLE}</style></head>
<body>
<h1>peace-plan-bot report</h1>
<p class="meta">${escapeHtml(rangeLabel(data))} · ${escapeHtml(data.file)}</p>
<div class="shares">${shares}</div>
<h2>Questions per day</h2>
${volumeChart(data)}
${htmlTable(days.header, days.rows, (i) => i > 0)}
<h2>Declined subjects</h2>
${subjectChart(data.declinedSubjects)}
${data.declinedSubjects.length ? htmlTable(['subject', 'count'], data.declinedSubjects.slice(0, 25).map((s) => [s.subject, String(s.count)]), (i) => i === 1) : ''}
<h2>Answers rated down</h2>
${ratedDown ? `<ul>${ratedDown}</ul>` : '<p class="none">No answer was rated down.</p>'}
<h2>Clauses cited most</h2>
${data.cited.length ? htmlTable(['clause', 'times', 'quote'], data.cited.map((x) => [x.id, String(x.count), x.quote]), (i) => i === 1) : '<p class="none">No clause was cited.</p>'}
${suggestions ? `<h2>What to teach it</h2>\n${suggestionsHtml(suggestions)}` : ''}
</body></html>
`;
}

/** The page for an empty or missing database: the same plain sentence as the terminal. */
export function emptyHtml(message: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>peace-plan-bot report</title><style>${STYLE}</style></head>
<body><h1>peace-plan-bot report</h1><p>${escapeHtml(message)}</p></body></html>
`;
}
