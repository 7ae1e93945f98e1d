/**
 * One Slack replica for the two-replica benchmark, in its own process as in production: the real
 * Bolt app (HTTP receiver on 127.0.0.1, any port) with its state in the Redis at `REDIS_URL`, posting
 * to fake Slack at `BENCH_API_URL`. Prints {"port","backend"} once listening; SIGTERM finishes the
 * answers in flight and exits.
 */
import { createSlackApp } from '../adapters/slack/app.js';
import { loadSlackConfig } from '../adapters/slack/config.js';
import { PlanBot } from '../src/dialogue/bot.js';
import { createLogger } from '../src/runtime/logger.js';
import { createSharedState } from '../src/state/create-state.js';
import { BENCH_SECRET } from './slack-peer.js';

const config = loadSlackConfig({
  SLACK_BOT_TOKEN: 'xoxb-0-0-bench',
  SLACK_MODE: 'http',
  SLACK_SIGNING_SECRET: BENCH_SECRET,
  SLACK_API_URL: process.env.BENCH_API_URL,
  REDIS_URL: process.env.REDIS_URL,
});
// Logs go nowhere but are still formatted, as in the one-process figure.
const logger = createLogger({ level: 'info', destination: { write: () => undefined } });
const state = await createSharedState(config, logger);
const slack = createSlackApp({ config, bot: PlanBot.load(PlanBot.optionsFrom(config)), logger, state });
await slack.start({ port: 0, host: '127.0.0.1' });
console.log(JSON.stringify({ port: slack.port, backend: state.backend }));
process.once('SIGTERM', () => {
  void slack
    .stop()
    .then(() => state.close())
    .finally(() => process.exit(0));
});
