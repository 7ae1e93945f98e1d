/**
 * Reads the report from PostgreSQL: the same figures as `query.ts` reads from SQLite, in PostgreSQL's
 * SQL (jsonb arrays instead of json_each, to_char instead of strftime), inside one read-only
 * transaction so that the figures agree with each other while the bots keep writing.
 */
import pg from 'pg';
import { SchemaTooNewError } from './migrate.js';
import { SCHEMA_VERSION } from './migrations/index.js';
import { redactUrl, schemaVersionPostgres } from './pg-migrate.js';
import type { DayCount, ReportResult } from './query.js';
import type { OutcomeClass } from './types.js';

const IN_RANGE = "o.at >= $1 AND o.at < $2 AND o.via <> 'share'";
const SHOWN_IN_RANGE = 'o.at >= $1 AND o.at < $2';

/** Reads the report for `[since, until)` from the database at `url`. Throws for an unreachable or too-new database. */
export async function readReportPostgres(url: string, since: number, until: number, limits = { subjects: 50, ratedDown: 50, cited: 20 }): Promise<ReportResult> {
  const file = redactUrl(url);
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000, query_timeout: 60_000, application_name: 'peace-plan-bot report' });
  // An error between queries (the server shutting down) fails the next query; it must not crash the report.
  client.on('error', () => {});
  await client.connect();
  try {
    await client.query('BEGIN READ ONLY');
    const version = await schemaVersionPostgres(client);
    if (version > SCHEMA_VERSION) throw new SchemaTooNewError(file, version);
    if (version === 0) return { status: 'missing', file };
    const range = [since, until];
    const classes: Record<OutcomeClass, number> = { answered: 0, declined: 0, smalltalk: 0, other: 0 };
    for (const row of (await client.query<{ class: OutcomeClass; n: number }>(`SELECT o.class, count(*)::int AS n FROM outcomes o WHERE ${IN_RANGE} GROUP BY o.class`, range)).rows) {
      classes[row.class] = row.n;
    }
    const questions = Object.values(classes).reduce((a, b) => a + b, 0);
    if (questions === 0) return { status: 'empty', file, since, until };
    const perDay = (
      await client.query<DayCount>(
        `SELECT to_char(to_timestamp(o.at / 1000.0) AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, o.surface, count(*)::int AS questions
         FROM outcomes o WHERE ${IN_RANGE} GROUP BY day, o.surface ORDER BY day, o.surface`,
        range,
      )
    ).rows;
    const declinedSubjects = (
      await client.query<{ subject: string; count: number }>(
        `SELECT s.value AS subject, count(*)::int AS count FROM outcomes o, jsonb_array_elements_text(o.subject) s(value)
         WHERE o.class = 'declined' AND ${IN_RANGE} GROUP BY s.value ORDER BY count DESC, subject LIMIT $3`,
        [...range, limits.subjects],
      )
    ).rows;
    const votes = (
      await client.query<{ up: number | null; down: number | null }>(
        `SELECT sum((f.vote = 1)::int)::int AS up, sum((f.vote = -1)::int)::int AS down FROM feedback f JOIN outcomes o USING (answer_id) WHERE ${SHOWN_IN_RANGE}`,
        range,
      )
    ).rows[0];
    const rated = (
      await client.query<{ answer_id: string; at: number; surface: string; kind: string; question: string | null; subject: unknown; citations: unknown; down: number; up: number }>(
        `SELECT o.answer_id, o.at::float8 AS at, o.surface, o.kind, o.question, o.subject, o.citations, sum((f.vote = -1)::int)::int AS down, sum((f.vote = 1)::int)::int AS up
         FROM outcomes o JOIN feedback f USING (answer_id) WHERE ${SHOWN_IN_RANGE}
         GROUP BY o.answer_id, o.at, o.surface, o.kind, o.question, o.subject, o.citations HAVING sum((f.vote = -1)::int) > 0 ORDER BY down DESC, o.at DESC LIMIT $3`,
        [...range, limits.ratedDown],
      )
    ).rows;
    const ids = [...new Set(rated.flatMap((r) => strings(r.citations)))];
    const quotes = new Map((await client.query<{ id: string; quote: string }>('SELECT id, quote FROM clauses WHERE id = ANY($1::text[])', [ids])).rows.map((r) => [r.id, r.quote]));
    const ratedDown = rated.map((r) => ({
      answerId: r.answer_id,
      at: r.at,
      surface: r.surface,
      kind: r.kind,
      question: r.question ?? undefined,
      subject: strings(r.subject),
      down: r.down,
      up: r.up,
      citations: strings(r.citations).map((id) => ({ id, quote: quotes.get(id) ?? '' })),
    }));
    const cited = (
      await client.query<{ id: string; quote: string; count: number }>(
        `SELECT c.value AS id, coalesce(q.quote, '') AS quote, count(*)::int AS count FROM outcomes o CROSS JOIN jsonb_array_elements_text(o.citations) c(value) LEFT JOIN clauses q ON q.id = c.value
         WHERE ${IN_RANGE} GROUP BY c.value, q.quote ORDER BY count DESC, id LIMIT $3`,
        [...range, limits.cited],
      )
    ).rows;
    const surfaces = [...new Set(perDay.map((d) => d.surface))].sort();
    return { status: 'ok', data: { file, since, until, questions, classes, perDay, surfaces, declinedSubjects, feedback: { up: votes?.up ?? 0, down: votes?.down ?? 0 }, ratedDown, cited } };
  } finally {
    await client.query('ROLLBACK').catch(() => {});
    await client.end();
  }
}

/** A jsonb array of strings as the driver hands it back (already parsed); anything else is empty. */
function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}
