import { z } from 'zod';

/** Raised when an environment variable is missing or malformed; names every offending variable. */
export class ConfigError extends Error {
  constructor(
    message: string,
    /** The variables at fault. */
    readonly variables: string[],
  ) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** Environment variables of the core, shared by the CLI and every adapter. */
export const coreEnvSchema = z.object({
  CORPUS_DIR: z.string().min(1).optional().describe('Folder of corpus documents (default: the bundled corpus/)'),
  MAX_CITATIONS: z.coerce.number().int().min(1).max(10).default(3).describe('Most passages quoted in one answer'),
  MAX_QUESTION_LENGTH: z.coerce.number().int().min(10).max(10_000).default(500).describe('Longest question accepted, in characters'),
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).max(10_000).default(10).describe('Questions one chat user may ask per minute (0: no limit)'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info').describe('pino log level'),
  LOG_QUESTIONS: z.stringbool().default(false).describe('Log the text of questions (off: only their length)'),
  REDIS_URL: z
    .url({ protocol: /^rediss?$/, error: 'must be a redis:// or rediss:// URL such as redis://127.0.0.1:6379' })
    .optional()
    .describe('Redis for state shared by replicas (de-duplication, rate limits); unset: in memory'),
  REDIS_COMMAND_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(50)
    .max(60_000)
    .default(500)
    .describe("Longest wait for one Redis command before this process's memory stands in"),
  CONVERSATION_TTL_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 365)
    .default(168)
    .describe('Hours a conversation (follow-ups, edits) is remembered in Redis after its last turn'),
  DATABASE_URL: z
    .url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// or postgresql:// URL such as postgres://bot:secret@127.0.0.1:5432/peace_plan_bot' })
    .optional()
    .describe('PostgreSQL for the outcome store, shared by every replica; unset: SQLite in DATA_DIR'),
  METRICS_PORT: z.coerce
    .number()
    .int()
    .min(0)
    .max(65_535)
    .optional()
    .describe('Port of /healthz, /readyz and /metrics in Slack Socket Mode and the Discord gateway (HTTP modes serve them on PORT); unset: not served'),
  DATA_DIR: z.string().min(1).default('./data').describe('Folder of the outcome database (peace-plan.db), for feedback and `npm run report`, and of the chat adapters\' conversation files'),
  STORE_QUESTION_TEXT: z.stringbool().default(false).describe('Store the text of questions in the database (off: only their length)'),
  USER_ID_SALT: z.string().min(16, 'must be at least 16 characters').optional().describe('Secret salt of the stored user-id hashes (unset: a random salt per process)'),
  RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90).describe('Days a question outcome and its feedback are kept, and where an answer is (for edits)'),
  CONVERSATION_TTL_MINUTES: z.coerce.number().int().min(1).max(10_080).default(30).describe('Minutes a conversation\'s last turn can be followed up ("and for Russia?"); later, every message is a new question'),
  ADMIN_USER_IDS: z
    .string()
    .regex(/^\s*[A-Za-z0-9]+(\s*,\s*[A-Za-z0-9]+)*\s*$/, 'must be Slack or Discord user ids separated by commas, such as U0123ABCD,123456789012345678')
    .optional()
    .describe('Chat users who may teach the bot (Slack /plan teach, Discord /teach), comma-separated; unset: nobody'),
});

/** The user ids in `ADMIN_USER_IDS` (Slack `U…` ids and Discord snowflakes cannot collide, so one list serves both). */
export function adminIds(config: Pick<CoreConfig, 'ADMIN_USER_IDS'>): ReadonlySet<string> {
  return new Set((config.ADMIN_USER_IDS ?? '').split(',').map((id) => id.trim()).filter(Boolean));
}

/** The core's validated configuration. */
export type CoreConfig = z.infer<typeof coreEnvSchema>;

/**
 * Parses environment variables with a zod schema, once, at start-up. Empty strings count as
 * unset, so that `FOO=` in a .env file falls back to the default instead of failing oddly.
 *
 * @example
 * const config = parseEnv(coreEnvSchema, process.env); // throws ConfigError naming bad variables
 */
export function parseEnv<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv): z.infer<S> {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = schema.safeParse(cleaned);
  if (result.success) return result.data;
  const variables = [...new Set(result.error.issues.map((i) => String(i.path[0] ?? '?')))];
  const details = result.error.issues.map((i) => {
    const name = String(i.path[0] ?? '?');
    const missing = i.code === 'invalid_type' && cleaned[name] === undefined;
    return missing ? `${name} is required but not set` : `${name} is invalid: ${i.message}`;
  });
  throw new ConfigError(`configuration error: ${details.join('; ')}`, variables);
}
