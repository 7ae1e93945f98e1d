import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from '../../src/runtime/logger.js';

/** The Bolt log level that shows the same messages as a pino level (Bolt knows only four). */
export function boltLevel(pinoLevel: string): LogLevel {
  switch (pinoLevel) {
    case 'trace':
    case 'debug':
      return LogLevel.DEBUG;
    case 'info':
      return LogLevel.INFO;
    case 'warn':
      return LogLevel.WARN;
    default:
      return LogLevel.ERROR;
  }
}

function describe(part: unknown): string {
  if (typeof part === 'string') return part;
  try {
    return JSON.stringify(part) ?? String(part);
  } catch {
    return String(part);
  }
}

/**
 * Bolt's logger interface (@slack/logger) over the one pino logger, so Bolt's and the Web API
 * client's messages land in the same JSON lines, with the same secret redaction, as ours.
 * Errors passed by Bolt become pino's `err` field (with stack) instead of "[object Object]".
 */
export function boltLogger(log: Logger): BoltLogger {
  const child = log.child({ component: 'bolt' });
  let name: string | undefined;
  const write =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (...parts: unknown[]): void => {
      const err = parts.find((p): p is Error => p instanceof Error);
      const text = parts.filter((p) => p !== err).map(describe).join(' ');
      const fields = { ...(name ? { logger: name } : {}), ...(err ? { err } : {}) };
      child[level](fields, text);
    };
  return {
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    setLevel(level: LogLevel): void {
      child.level = level;
    },
    getLevel(): LogLevel {
      return boltLevel(child.level);
    },
    setName(newName: string): void {
      name = newName;
    },
  };
}
