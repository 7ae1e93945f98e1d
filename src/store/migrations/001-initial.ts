/** Outcomes of questions, the clauses they cited, and one vote per person per answer. */
export const version = 1;
export const up = `
CREATE TABLE outcomes (
  id INTEGER PRIMARY KEY,
  answer_id TEXT NOT NULL UNIQUE,
  at INTEGER NOT NULL,
  surface TEXT NOT NULL,
  via TEXT NOT NULL,
  kind TEXT NOT NULL,
  class TEXT NOT NULL CHECK (class IN ('answered', 'declined', 'smalltalk', 'other')),
  subject TEXT NOT NULL DEFAULT '[]',
  citations TEXT NOT NULL DEFAULT '[]',
  latency_ms REAL NOT NULL,
  user_hash TEXT,
  question TEXT,
  question_length INTEGER NOT NULL,
  delivered INTEGER
);
CREATE INDEX outcomes_at ON outcomes (at);

CREATE TABLE clauses (
  id TEXT PRIMARY KEY,
  quote TEXT NOT NULL
);

CREATE TABLE feedback (
  answer_id TEXT NOT NULL,
  user_hash TEXT NOT NULL,
  vote INTEGER NOT NULL CHECK (vote IN (-1, 1)),
  at INTEGER NOT NULL,
  surface TEXT NOT NULL,
  PRIMARY KEY (answer_id, user_hash)
);
CREATE INDEX feedback_at ON feedback (at);
`;

/**
 * The same schema in PostgreSQL's types: same tables, columns and constraints. Only the types differ,
 * because SQLite's INTEGER is 64-bit where PostgreSQL's is 32 (`at` is milliseconds since the epoch),
 * and JSON arrays are `jsonb` so that the report can unnest them.
 */
export const postgres = `
CREATE TABLE outcomes (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  answer_id TEXT NOT NULL UNIQUE,
  at BIGINT NOT NULL,
  surface TEXT NOT NULL,
  via TEXT NOT NULL,
  kind TEXT NOT NULL,
  class TEXT NOT NULL CHECK (class IN ('answered', 'declined', 'smalltalk', 'other')),
  subject JSONB NOT NULL DEFAULT '[]',
  citations JSONB NOT NULL DEFAULT '[]',
  latency_ms DOUBLE PRECISION NOT NULL,
  user_hash TEXT,
  question TEXT,
  question_length INTEGER NOT NULL,
  delivered BOOLEAN
);
CREATE INDEX outcomes_at ON outcomes (at);

CREATE TABLE clauses (
  id TEXT PRIMARY KEY,
  quote TEXT NOT NULL
);

CREATE TABLE feedback (
  answer_id TEXT NOT NULL,
  user_hash TEXT NOT NULL,
  vote SMALLINT NOT NULL CHECK (vote IN (-1, 1)),
  at BIGINT NOT NULL,
  surface TEXT NOT NULL,
  PRIMARY KEY (answer_id, user_hash)
);
CREATE INDEX feedback_at ON feedback (at);
`;
