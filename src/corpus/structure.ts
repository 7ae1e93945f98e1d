/**
 * The outline of a numbered document: its points (`1.`, `1)`, `(1)`, `Point 1:`, `Article 1`), their
 * sub-items (`-`, `•`, `*`, `→`, `a)`, `(a)`, `i.`), headings, and hard-wrapped lines joined to the
 * item they continue. Marker rules are data (`data/segmentation.json`). A document without a run of
 * numbered points has no outline and is cut into paragraphs as before.
 */
import rules from '../data/segmentation.json' with { type: 'json' };
import type { Span } from '../types.js';
import type { Problem } from './versions.js';

const POINT_STYLES = Object.entries(rules.pointMarkers)
  .filter(([k]) => k !== '$comment')
  .map(([style, source]) => ({ style, re: new RegExp(source, 'iu') }));
const SUB_STYLES = Object.entries(rules.subItemMarkers)
  .filter(([k]) => k !== '$comment')
  .map(([style, source]) => ({ style, re: new RegExp(source, 'u') }));

/** One piece of text in a point: its body paragraph(s) or a sub-item. */
export interface OutlineItem {
  kind: 'body' | 'sub';
  /** The sub-item's marker style (`bullet`, `letter`, `roman`, or a numbered style), for nesting. */
  style?: string;
  /** The sub-item's label (`a`, `ii`, `3`), when its marker has one. */
  label?: string;
  /** The item's text without its marker: may span several (hard-wrapped) lines. */
  span: Span;
}

/** A point and what it holds. `number` is `0` for text before the first point. */
export interface OutlinePoint {
  number: number;
  /** Where the marker stands (`10.`), for corpus checks. */
  marker?: Span;
  heading?: string;
  items: OutlineItem[];
}

/** A numbered document's outline. */
export interface Outline {
  /** The point marker style the document uses. */
  style: string;
  headings: { text: string; span: Span }[];
  /** Points in reading order; a preamble, if any, first as point 0. */
  points: OutlinePoint[];
  problems: Problem[];
}

interface Line {
  start: number;
  end: number;
  indent: number;
  text: string;
}

function linesOf(text: string): Line[] {
  const lines: Line[] = [];
  let at = 0;
  for (const raw of text.split('\n')) {
    const body = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const indent = body.length - body.trimStart().length;
    const trimmed = body.trim();
    lines.push({ start: at + indent, end: at + indent + trimmed.length, indent, text: trimmed });
    at += raw.length + 1;
  }
  return lines;
}

interface Marker {
  style: string;
  number?: number;
  label?: string;
  /** Characters of the line the marker (and the space after it) takes. */
  length: number;
}

function pointMarker(line: Line, style?: string): Marker | null {
  for (const s of POINT_STYLES) {
    if (style && s.style !== style) continue;
    const m = s.re.exec(line.text);
    if (m) return { style: s.style, number: Number(m[1]), length: m[0].length + (/^\s*/.exec(line.text.slice(m[0].length))?.[0].length ?? 0) };
  }
  return null;
}

function subMarker(line: Line): Marker | null {
  for (const s of SUB_STYLES) {
    const m = s.re.exec(line.text);
    if (m && (s.style !== 'roman' || m[1])) return { style: s.style, ...(m[1] ? { label: m[1] } : {}), length: m[0].length + (/^\s*/.exec(line.text.slice(m[0].length))?.[0].length ?? 0) };
  }
  return null;
}

/**
 * The point style of a document: the one whose markers (at their shallowest indentation) run
 * 1, 2, 3… longest. None when no style has three rising points covering most of the text.
 */
function pointStyle(lines: Line[]): { style: string; indent: number } | null {
  let best: { style: string; indent: number; run: number; first: number; last: number } | null = null;
  for (const { style } of POINT_STYLES) {
    const found = lines.flatMap((l, i) => {
      const m = pointMarker(l, style);
      return m ? [{ i, n: m.number!, indent: l.indent }] : [];
    });
    if (found.length < 3) continue;
    const indent = Math.min(...found.map((f) => f.indent));
    const top = found.filter((f) => f.indent <= indent + 1);
    // Steps up, exact or not: a document with a duplicate or a gap is still numbered (and checked).
    let run = 0;
    let exact = 0;
    for (let k = 1; k < top.length; k++) {
      if (top[k]!.n > top[k - 1]!.n) run++;
      if (top[k]!.n === top[k - 1]!.n + 1) exact++;
    }
    if (run >= 2 && exact >= 1 && (!best || exact > best.run)) best = { style, indent, run: exact, first: top[0]!.i, last: top[top.length - 1]!.i };
  }
  if (!best) return null;
  // Most of the text must be points: a news story quoting a short numbered list stays paragraphs.
  // The last point runs on through its sub-items and hard-wrapped lines, not through prose after it.
  let end = best.last + 1;
  while (end < lines.length && lines[end]!.text !== '' && (subMarker(lines[end]!) || !FINAL_PUNCTUATION.test(lines[end - 1]!.text))) end++;
  const text = lines.filter((l) => l.text !== '');
  const inPoints = lines.slice(best.first, end).filter((l) => l.text !== '').length;
  return inPoints * 2 >= text.length ? { style: best.style, indent: best.indent } : null;
}

const FINAL_PUNCTUATION = /[.!?:;,…"”’)\]]$/u;

function isHeadingText(text: string): boolean {
  return (
    text.length <= rules.heading.maxLength &&
    text.split(/\s+/).length <= rules.heading.maxWords &&
    /\p{L}/u.test(text) &&
    !/^\p{Ll}/u.test(text) &&
    !FINAL_PUNCTUATION.test(text)
  );
}

/**
 * Reads a document's outline, or `null` when it is not a numbered document.
 *
 * @example
 * outline('Terms\n\n1. One.\n2. Two:\n- a;\n- b.\n3. Three.')!.points.map((p) => p.number) // [1, 2, 3]
 */
export function outline(text: string): Outline | null {
  const lines = linesOf(text);
  const chosen = pointStyle(lines);
  if (!chosen) return null;
  const points: OutlinePoint[] = [];
  const headings: Outline['headings'] = [];
  const problems: Problem[] = [];
  let point: OutlinePoint | null = null;
  let item: OutlineItem | null = null;
  let heading: string | undefined;
  let previousBlank = true;

  const isMarker = (l: Line | undefined): boolean =>
    l !== undefined && l.text !== '' && (pointMarker(l, chosen.style) !== null || subMarker(l) !== null || pointMarker(l) !== null);
  const startItem = (into: OutlinePoint, next: OutlineItem): void => {
    into.items.push(next);
    item = next;
  };

  lines.forEach((line, i) => {
    if (line.text === '') {
      previousBlank = true;
      item = null;
      return;
    }
    let pm = line.indent <= chosen.indent + 1 ? pointMarker(line, chosen.style) : null;
    const last = points[points.length - 1];
    const wrapping = item !== null && !previousBlank && !FINAL_PUNCTUATION.test(text.slice((item as OutlineItem).span.start, (item as OutlineItem).span.end));
    // "…capped at\n600. The…": a number out of sequence inside an unfinished sentence is not a point.
    if (pm && wrapping && pm.number !== (last?.number ?? 0) + 1) pm = null;
    if (pm) {
      point = { number: pm.number!, marker: { start: line.start, end: line.start + pm.length }, ...(heading ? { heading } : {}), items: [] };
      points.push(point);
      startItem(point, { kind: 'body', span: { start: line.start + pm.length, end: line.end } });
    } else {
      const sm = point ? (subMarker(line) ?? pointMarker(line)) : null;
      const open = item as OutlineItem | null;
      const continues = open !== null && !previousBlank;
      if (sm && point) {
        startItem(point, { kind: 'sub', style: sm.style, ...(sm.label ? { label: sm.label } : sm.number !== undefined ? { label: String(sm.number) } : {}), span: { start: line.start + sm.length, end: line.end } });
      } else if (
        isHeadingText(line.text) &&
        (!continues || FINAL_PUNCTUATION.test(text.slice(open.span.start, open.span.end))) &&
        (i + 1 >= lines.length || lines[i + 1]!.text === '' || isMarker(lines[i + 1]))
      ) {
        heading = line.text;
        headings.push({ text: line.text, span: { start: line.start, end: line.end } });
        item = null;
      } else if (continues) {
        // A hard-wrapped line: the item it continues grows to its end.
        if (open.span.end <= open.span.start) open.span.start = line.start;
        open.span.end = line.end;
      } else {
        let target: OutlinePoint | null = point;
        if (!target) {
          target = points[0]?.number === 0 ? points[0] : { number: 0, items: [] };
          if (points.length === 0) points.push(target);
        }
        startItem(target, { kind: 'body', span: { start: line.start, end: line.end } });
      }
    }
    previousBlank = false;
  });

  const numbered = points.filter((p) => p.number > 0);
  const seen = new Set<number>();
  numbered.forEach((p, k) => {
    const where = `point ${p.number}`;
    if (seen.has(p.number)) problems.push({ level: 'error', message: `${where} appears twice; its second text is numbered on after the first` });
    seen.add(p.number);
    const prev = numbered[k - 1];
    if (prev && p.number > prev.number + 1) problems.push({ level: 'warning', message: `points ${prev.number + 1}${p.number - 1 > prev.number + 1 ? `-${p.number - 1}` : ''} are missing (after point ${prev.number} comes ${p.number})` });
    if (prev && p.number < prev.number && !seen.has(p.number)) problems.push({ level: 'warning', message: `${where} comes after point ${prev.number}` });
    if (p.items.every((it) => it.span.end <= it.span.start)) problems.push({ level: 'warning', message: `${where} has no text` });
  });
  if (numbered[0] && numbered[0].number !== 1) problems.push({ level: 'warning', message: `the first point is ${numbered[0].number}, not 1` });
  for (const p of points) p.items = p.items.filter((it) => it.span.end > it.span.start);
  return { style: chosen.style, headings, points, problems };
}
