/**
 * Reads the store for `npm run report`: plain data, no wording. Opens the database read-only, so a
 * report never changes it nor blocks the bot's writes (WAL).
 */
import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { schemaVersion, SchemaTooNewError } from './migrate.js';
import { SCHEMA_VERSION } from './migrations/index.js';
import type { OutcomeClass } from './types.js';

/** Questions on one day (UTC) from one surface. */
export interface DayCount {
  day: string;
  surface: string;
  questions: number;
}

/** An answer someone rated down, with what it quoted. */
export interface RatedDown {
  answerId: string;
  at: number;
  surface: string;
  kind: string;
  /** The question's text when it was stored, otherwise undefined. */
  question: string | undefined;
  subject: string[];
  down: number;
  up: number;
  citations: { id: string; quote: string }[];
}

/** Everything the report shows, for one date range. */
export interface ReportData {
  file: string;
  /** Inclusive start and exclusive end, ms since the epoch. */
  since: number;
  until: number;
  questions: number;
  classes: Record<OutcomeClass, number>;
  perDay: DayCount[];
  surfaces: string[];
  declinedSubjects: { subject: string; count: number }[];
  feedback: { up: number; down: number };
  ratedDown: RatedDown[];
  cited: { id: string; quote: string; count: number }[];
}

/** Why there is nothing to report. */
export type ReportResult = { status: 'ok'; data: ReportData } | { status: 'missing'; file: string } | { status: 'empty'; file: string; since: number; until: number };

/**
 * The outcomes counted in the range, for table alias `o`. A re-shared answer (Slack's "Share in
 * channel") is the same question again, not a new one.
 */
const IN_RANGE = "o.at >= @since AND o.at < @until AND o.via <> 'share'";
/** Every answer shown in the range, re-shared ones included: a vote on a shared copy is a vote all the same. */
const SHOWN_IN_RANGE = 'o.at >= @since AND o.at < @until';

/**
 * Reads the report for `[since, until)`. Throws {@link SchemaTooNewError} for a database written by a
 * newer bot, and better-sqlite3's errors for an unreadable file.
 */
export function readReport(file: string, since: number, until: number, limits = { subjects: 50, ratedDown: 50, cited: 20 }): ReportResult {
  if (!existsSync(file)) return { status: 'missing', file };
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const version = schemaVersion(db);
    if (version > SCHEMA_VERSION) throw new SchemaTooNewError(file, version);
    if (version === 0) return { status: 'empty', file, since, until };
    const range = { since, until };
    const classes: Record<OutcomeClass, number> = { answered: 0, declined: 0, smalltalk: 0, other: 0 };
    for (const row of db.prepare(`SELECT o.class, count(*) AS n FROM outcomes o WHERE ${IN_RANGE} GROUP BY o.class`).all(range) as { class: OutcomeClass; n: number }[]) {
      classes[row.class] = row.n;
    }
    const questions = Object.values(classes).reduce((a, b) => a + b, 0);
    if (questions === 0) return { status: 'empty', file, since, until };
    const perDay = db
      .prepare(`SELECT strftime('%Y-%m-%d', at / 1000, 'unixepoch') AS day, surface, count(*) AS questions FROM outcomes o WHERE ${IN_RANGE} GROUP BY day, surface ORDER BY day, surface`)
      .all(range) as DayCount[];
    // Questions, not mentions: a row written before subjects were made unique may name one twice.
    const declinedSubjects = db
      .prepare(
        `SELECT s.value AS subject, count(DISTINCT o.answer_id) AS count FROM outcomes o, json_each(o.subject) s
         WHERE o.class = 'declined' AND ${IN_RANGE} GROUP BY s.value ORDER BY count DESC, subject LIMIT @limit`,
      )
      .all({ ...range, limit: limits.subjects }) as { subject: string; count: number }[];
    const votes = db
      .prepare(`SELECT sum(vote = 1) AS up, sum(vote = -1) AS down FROM feedback f JOIN outcomes o USING (answer_id) WHERE ${SHOWN_IN_RANGE}`)
      .get(range) as { up: number | null; down: number | null };
    const clause = db.prepare('SELECT quote FROM clauses WHERE id = ?').pluck();
    const ratedDown = (
      db
        .prepare(
          `SELECT o.answer_id, o.at, o.surface, o.kind, o.question, o.subject, o.citations, sum(f.vote = -1) AS down, sum(f.vote = 1) AS up
           FROM outcomes o JOIN feedback f USING (answer_id) WHERE ${SHOWN_IN_RANGE}
           GROUP BY o.answer_id HAVING down > 0 ORDER BY down DESC, o.at DESC LIMIT @limit`,
        )
        .all({ ...range, limit: limits.ratedDown }) as { answer_id: string; at: number; surface: string; kind: string; question: string | null; subject: string; citations: string; down: number; up: number }[]
    ).map((r) => ({
      answerId: r.answer_id,
      at: r.at,
      surface: r.surface,
      kind: r.kind,
      question: r.question ?? undefined,
      subject: JSON.parse(r.subject) as string[],
      down: r.down,
      up: r.up,
      citations: (JSON.parse(r.citations) as string[]).map((id) => ({ id, quote: (clause.get(id) as string | undefined) ?? '' })),
    }));
    const cited = db
      .prepare(
        `SELECT c.value AS id, coalesce(q.quote, '') AS quote, count(*) AS count FROM outcomes o, json_each(o.citations) c LEFT JOIN clauses q ON q.id = c.value
         WHERE ${IN_RANGE} GROUP BY c.value ORDER BY count DESC, id LIMIT @limit`,
      )
      .all({ ...range, limit: limits.cited }) as { id: string; quote: string; count: number }[];
    const surfaces = [...new Set(perDay.map((d) => d.surface))].sort();
    return { status: 'ok', data: { file, since, until, questions, classes, perDay, surfaces, declinedSubjects, feedback: { up: votes.up ?? 0, down: votes.down ?? 0 }, ratedDown, cited } };
  } finally {
    db.close();
  }
}

/**
 * The distinct question texts the store kept (only with `STORE_QUESTION_TEXT`), most asked first, for
 * `npm run curate` to show how a change would answer them. Empty for a missing or empty database.
 */
export function storedQuestions(file: string, limit = 500): string[] {
  if (!existsSync(file)) return [];
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const version = schemaVersion(db);
    if (version > SCHEMA_VERSION) throw new SchemaTooNewError(file, version);
    if (version === 0) return [];
    return db
      .prepare("SELECT question FROM outcomes WHERE question IS NOT NULL AND question <> '' GROUP BY question ORDER BY count(*) DESC, question LIMIT ?")
      .pluck()
      .all(limit) as string[];
  } finally {
    db.close();
  }
}
