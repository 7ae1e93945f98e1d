/** The shard manager's account of a shard process that exited. */
import { describe, expect, it } from 'vitest';
import { logShardExit } from '../../../adapters/discord/shard.js';
import { createLogger } from '../../../src/runtime/logger.js';

function capture(): { logger: ReturnType<typeof createLogger>; lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const logger = createLogger({ level: 'debug', destination: { write: (line: string) => void chunks.push(line) } });
  return { logger, lines: () => chunks.join('').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('a shard process that exits', () => {
  it('after an intentional SIGTERM is logged as stopped at info, never as "respawning" at error', () => {
    const { logger, lines } = capture();
    logShardExit(logger, { shard: 1, exitCode: null, stopping: true });
    expect(lines()).toEqual([expect.objectContaining({ level: 'info', shard: 1, msg: 'shard 1 process stopped' })]);
  });

  it('on its own (a crash) is logged at error as respawning', () => {
    const { logger, lines } = capture();
    logShardExit(logger, { shard: 2, exitCode: 1, stopping: false });
    expect(lines()).toEqual([expect.objectContaining({ level: 'error', shard: 2, exitCode: 1, msg: 'shard 2 process exited; respawning' })]);
  });
});
