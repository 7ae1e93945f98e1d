import pino, { type Logger } from 'pino';

/** Paths of log fields that may hold secrets; pino replaces their values with "[redacted]". */
export const REDACT_PATHS = [
  'token', '*.token', 'botToken', '*.botToken', 'appToken', '*.appToken', 'signingSecret', '*.signingSecret',
  'authorization', '*.authorization', 'headers.authorization', '*.headers.authorization', 'headers["x-slack-signature"]',
  'config.SLACK_BOT_TOKEN', 'config.SLACK_APP_TOKEN', 'config.SLACK_SIGNING_SECRET', 'config.DISCORD_TOKEN',
  'SLACK_BOT_TOKEN', 'SLACK_APP_TOKEN', 'SLACK_SIGNING_SECRET', 'DISCORD_TOKEN',
  'config.TELEGRAM_BOT_TOKEN', 'config.TELEGRAM_WEBHOOK_SECRET', 'TELEGRAM_BOT_TOKEN', 'TELEGRAM_WEBHOOK_SECRET',
];

// Token shapes of Slack (xoxb-, xapp-, …), Discord and Telegram bot tokens (`<bot id>:<35 characters>`,
// which also appear inside Bot API URLs), scrubbed from any logged string.
const SECRET_SHAPES = /\bxox[abposr]-[A-Za-z0-9-]+|\bxapp-[A-Za-z0-9-]+|\b[MNO][A-Za-z\d_-]{23,27}\.[A-Za-z\d_-]{6}\.[A-Za-z\d_-]{27,40}\b|(?<!\d)\d{5,20}:[A-Za-z0-9_-]{30,}/g;

/** Replaces anything shaped like a Slack, Discord or Telegram token with "[redacted]". */
export function scrubSecrets(text: string): string {
  return text.replace(SECRET_SHAPES, '[redacted]');
}

/**
 * The one logger: JSON lines on standard error (standard output belongs to answers), secrets redacted.
 *
 * @example
 * const log = createLogger({ level: 'info', name: 'cli' });
 * log.info({ surface: 'cli', outcome: 'answered' }, 'question handled');
 */
export function createLogger(opts: { level?: string; name?: string; destination?: pino.DestinationStream } = {}): Logger {
  return pino(
    {
      name: opts.name ?? 'peace-plan-bot',
      level: opts.level ?? 'info',
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      formatters: { level: (label) => ({ level: label }) },
      hooks: {
        logMethod(args, method) {
          method.apply(this, args.map((a) => (typeof a === 'string' ? scrubSecrets(a) : a)) as Parameters<typeof method>);
        },
      },
    },
    opts.destination ?? pino.destination({ fd: 2, sync: true }),
  );
}

export type { Logger };
