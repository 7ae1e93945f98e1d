/**
 * The Slack bot as an object: a real Bolt app (Socket Mode or HTTP receiver) with the listeners of
 * `handlers.ts`, the start-up self-check, and a clean stop. `main.ts` wires it to the process;
 * tests and benchmarks create it directly and listen on port 0.
 */
import type { AddressInfo } from 'node:net';
import { App, SocketModeReceiver, type AppOptions, type AuthorizeResult, type webApi } from '@slack/bolt';
import type { PlanBot } from '../../src/dialogue/bot.js';
import { HEALTH_PATHS, type healthHandler } from '../../src/service/health.js';
import type { ConversationStore } from '../../src/state/conversation-store.js';
import type { Logger } from '../../src/runtime/logger.js';
import type { SharedState } from '../../src/state/shared-state.js';
import type { OutcomeStore } from '../../src/store/types.js';
import type { SlackConfig } from './config.js';
import { registerFeedback } from './feedback.js';
import { registerHandlers } from './handlers.js';
import { boltLevel, boltLogger } from './logger.js';
import { ESSENTIAL_SCOPES, missingScopesMessage, SelfCheckError, selfCheck, slackErrorCode, type SelfCheckReport, type SlackIdentity } from './selfcheck.js';

/** Where Bolt's HTTP receiver serves events, commands and interactivity (Bolt's default). */
export const EVENTS_PATH = '/slack/events';

/**
 * Web API retries: a 429 waits for `Retry-After` and then retries (the Web API client does both);
 * other transient failures back off from one second. Bounded at about half a minute in all, because
 * an answer much later than that is worse than the logged failure (the SDK's default is 30 minutes).
 */
export const DEFAULT_RETRY: webApi.RetryOptions = { retries: 4, factor: 2, minTimeout: 1000, maxTimeout: 15_000, randomize: true };

/** What {@link createSlackApp} needs. */
export interface SlackAppOptions {
  config: SlackConfig;
  bot: Pick<PlanBot, 'ask'>;
  logger: Logger;
  /** De-duplication and rate limits shared by replicas (`createSharedState`); default: this process's memory. */
  state?: SharedState;
  /** Web API retry policy; default {@link DEFAULT_RETRY}. Tests shorten it. */
  retryConfig?: webApi.RetryOptions;
  /** Where question outcomes and feedback are recorded; without it, answers have no feedback buttons. */
  store?: OutcomeStore;
  /** Which answer belongs to which question, and each thread's last turn; in memory by default. */
  conversations?: ConversationStore;
  /** `/healthz`, `/readyz` and `/metrics`, served beside the events in HTTP mode. */
  health?: ReturnType<typeof healthHandler> | undefined;
}

/** Where to listen in HTTP mode; defaults: `PORT` from the config, all interfaces. */
export interface ListenOptions {
  port?: number;
  host?: string;
}

/** A created Slack bot. */
export interface SlackBot {
  /** The underlying Bolt app. */
  readonly app: App;
  /** Runs the self-check, then connects (Socket Mode) or listens (HTTP). Rejects with {@link SelfCheckError}. */
  start(listen?: ListenOptions): Promise<SelfCheckReport>;
  /** Stops receiving, then waits for questions being answered. */
  stop(): Promise<void>;
  /** The bound port in HTTP mode once started (useful with port 0). */
  readonly port: number | undefined;
  /** The bot's identity once started. */
  readonly identity: SlackIdentity | undefined;
  /** Resolves when no question is being handled. */
  idle(): Promise<void>;
}

/** Explains a Socket Mode connection failure, which is nearly always the app-level token or the app's settings. */
function explainSocketFailure(err: unknown): string {
  const code = slackErrorCode(err);
  return (
    `Could not open a Socket Mode connection (${code}). Check SLACK_APP_TOKEN: an app-level token (xapp-…) ` +
    'with the connections:write scope, from Basic Information > App-Level Tokens, and Socket Mode turned on in the app settings.'
  );
}

/**
 * Creates the Slack bot. Nothing talks to Slack until {@link SlackBot.start}.
 *
 * @example
 * const slack = createSlackApp({ config, bot: PlanBot.load(), logger });
 * await slack.start({ port: 0, host: '127.0.0.1' });
 * console.log(slack.port);
 */
export function createSlackApp(options: SlackAppOptions): SlackBot {
  const { config, bot, logger } = options;
  const log = logger.child({ component: 'slack' });
  let identity: SlackIdentity | undefined;
  let port: number | undefined;
  let started = false;

  // Authorisation comes from the self-check's auth.test instead of Bolt's own: one call, made and
  // explained by us, rather than a second one whose failure Bolt would leave as an unhandled rejection.
  const authorize = async (): Promise<AuthorizeResult> => {
    if (!identity) throw new Error('the Slack bot is not started');
    return { botToken: config.SLACK_BOT_TOKEN, botId: identity.botId, botUserId: identity.userId };
  };

  const boltLog = boltLogger(logger);
  const logLevel = boltLevel(logger.level);
  const apiUrl = config.SLACK_API_URL ? { slackApiUrl: config.SLACK_API_URL } : {};
  const receiverOptions: AppOptions =
    config.SLACK_MODE === 'socket'
      ? {
          // Built here rather than by Bolt so the WebSocket client keeps its own, patient retry policy
          // for apps.connections.open (reconnecting for minutes is right there; answering late is not).
          // slackEnvSchema requires SLACK_APP_TOKEN in socket mode.
          receiver: new SocketModeReceiver({ appToken: config.SLACK_APP_TOKEN!, logger: boltLog, logLevel, installerOptions: { clientOptions: { ...apiUrl } } }),
        }
      : {
          signingSecret: config.SLACK_SIGNING_SECRET,
          endpoints: EVENTS_PATH,
          processBeforeResponse: false,
          customRoutes: options.health ? HEALTH_PATHS.map((path) => ({ path, method: ['GET', 'HEAD'], handler: (req, res) => void options.health!(req, res) })) : [],
        };

  const app = new App({
    ...receiverOptions,
    authorize,
    logger: boltLog,
    logLevel,
    convoStore: false,
    clientOptions: { ...apiUrl, retryConfig: options.retryConfig ?? DEFAULT_RETRY },
  });

  const handlers = registerHandlers(app, { bot, config, logger: log, ...(options.state ? { state: options.state } : {}), store: options.store, ...(options.conversations ? { conversations: options.conversations } : {}) });
  if (options.store) registerFeedback(app, { store: options.store, logger: log });

  return {
    app,
    get port() {
      return port;
    },
    get identity() {
      return identity;
    },
    idle: () => handlers.idle(),

    async start(listen: ListenOptions = {}): Promise<SelfCheckReport> {
      const report = await selfCheck(app.client, config.SLACK_BOT_TOKEN);
      identity = report.identity;
      const { userId, user, team, teamId, url } = report.identity;
      log.info({ botUserId: userId, botId: report.identity.botId, teamId, url }, `connected to Slack as @${user} (${userId}) in workspace "${team}" (${teamId})`);
      const essential = report.missingScopes.filter((s) => ESSENTIAL_SCOPES.includes(s));
      if (essential.length) throw new SelfCheckError(missingScopesMessage(essential)!);
      const missing = missingScopesMessage(report.missingScopes);
      // Without im:history only DMs go unanswered: worth a warning, not a refusal to start.
      if (missing) log[report.missingScopes.every((s) => s === 'im:history') ? 'warn' : 'error']({ missingScopes: report.missingScopes }, missing);
      else if (!report.grantedScopes) log.warn('Slack did not report the token\'s scopes; could not check them against the manifest');

      if (config.SLACK_MODE === 'http') {
        const wanted = listen.port ?? config.PORT;
        let server;
        try {
          server = await app.start({ port: wanted, ...(listen.host ? { host: listen.host } : {}) });
        } catch (err) {
          throw new SelfCheckError(`Cannot listen on port ${wanted} (${slackErrorCode(err)}): another process may be using it; set PORT to a free port.`);
        }
        port = (server.address() as AddressInfo).port;
        log.info({ port, path: EVENTS_PATH }, `listening for Slack requests on port ${port} at ${EVENTS_PATH}`);
      } else {
        try {
          await app.start();
        } catch (err) {
          throw new SelfCheckError(explainSocketFailure(err));
        }
        log.info('connected to Slack in Socket Mode');
      }
      started = true;
      return report;
    },

    async stop(): Promise<void> {
      if (!started) return;
      started = false;
      await app.stop();
      await handlers.idle();
      log.info('stopped');
    },
  };
}
