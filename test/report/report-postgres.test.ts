/**
 * `npm run report:seed` and `npm run report -- --json` against PostgreSQL: with DATABASE_URL set and
 * no --db, the seed writes there and the report reads every seeded question back.
 */
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresTestsRun, startPostgres, type PostgresServer } from '../helpers/postgres.js';

describe.runIf(postgresTestsRun())('the report on PostgreSQL', { timeout: 120_000 }, () => {
  let server: PostgresServer;
  beforeAll(async () => {
    const build = spawnSync(process.execPath, ['scripts/build.mjs'], { encoding: 'utf8' });
    expect(build.status, build.stderr).toBe(0);
    server = await startPostgres();
  });
  afterAll(async () => {
    await server?.destroy();
  });

  const env = (): NodeJS.ProcessEnv => ({ PATH: process.env.PATH ?? '', DATABASE_URL: server.url, DATA_DIR: '/nonexistent-ppb-data' });

  it('says there is nothing yet before anything was recorded', () => {
    const r = spawnSync(process.execPath, ['dist/report.mjs', '--json'], { encoding: 'utf8', env: env() });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ status: 'missing', questions: 0 });
  });

  it('reads back every question report:seed wrote there, twice over (the second seed empties the tables first)', () => {
    for (let run = 0; run < 2; run++) {
      const seed = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/seed-report.ts', '--count', '300', '--days', '5'], { encoding: 'utf8', env: env() });
      expect(seed.status, seed.stderr).toBe(0);
      expect(seed.stdout).toContain('seeded 300 questions');
      expect(seed.stdout).toContain(`127.0.0.1:${server.port}`);
    }
    const r = spawnSync(process.execPath, ['dist/report.mjs', '--json', '--since', '30d'], { encoding: 'utf8', env: env() });
    expect(r.status, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { questions: number; file: string; declined_subjects: { subject: string }[] };
    // Shares are re-posts, not questions; the seed makes none.
    expect(report.questions).toBe(300);
    expect(report.declined_subjects.map((d) => d.subject)).toContain('G8');
  });

  it('exits 1 naming DATABASE_URL when PostgreSQL cannot be reached, and 2 for a malformed one', () => {
    const down = spawnSync(process.execPath, ['dist/report.mjs', '--json'], { encoding: 'utf8', env: { ...env(), DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none' } });
    expect(down.status).toBe(1);
    expect(down.stderr).toContain('DATABASE_URL');
    const bad = spawnSync(process.execPath, ['dist/report.mjs'], { encoding: 'utf8', env: { ...env(), DATABASE_URL: 'http://nope' } });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('DATABASE_URL');
  });
});
