import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, scrubSecrets } from '../../src/runtime/logger.js';
import { logQuestion } from '../../src/store/question-log.js';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString('utf8').trim().split('\n'));
      done();
    },
  });
  return { log: createLogger({ level: 'info', destination }), lines };
}

const slackToken = 'xoxb-1234567890-0987654321-AbCdEfGhIjKlMnOpQrStUvWx';
const discordToken = 'MTk4NjIyNDgzNDcxOTI1MjQ4.Cl2FMQ.ZnCjm1XVW7vRze4b7Cq4se7kKWs';

describe('logging', () => {
  it('redacts tokens and secrets in fields and in messages', () => {
    const { log, lines } = capture();
    log.info({ token: slackToken, config: { SLACK_SIGNING_SECRET: 'shh-secret', DISCORD_TOKEN: discordToken }, headers: { authorization: `Bot ${discordToken}` } }, `login with ${slackToken}`);
    log.warn(`discord said no to ${discordToken}`);
    const all = lines.join('\n');
    expect(all).not.toContain(slackToken);
    expect(all).not.toContain(discordToken);
    expect(all).not.toContain('shh-secret');
    expect(all).toContain('[redacted]');
  });

  it('logs one JSON line per question, with its text only when configured', () => {
    const { log, lines } = capture();
    const answer = { kind: 'answered' as const, question: 'What about NATO?', citations: [{ id: 'plan-article:5.1' }] };
    const base = { surface: 'slack', answer, latencyMs: 0.123456 };
    logQuestion(log, { ...base, logQuestions: false, extra: { eventId: 'Ev1' } });
    logQuestion(log, { ...base, logQuestions: true });
    const [quiet, loud] = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(quiet).toMatchObject({ surface: 'slack', outcome: 'answered', citations: ['plan-article:5.1'], latencyMs: 0.123, questionLength: 16, eventId: 'Ev1', msg: 'question handled' });
    expect(quiet).not.toHaveProperty('question');
    expect(loud).toMatchObject({ question: 'What about NATO?' });
  });

  it('scrubs token shapes from plain strings', () => {
    expect(scrubSecrets(`a ${slackToken} b xapp-1-A0-123-abc`)).toBe('a [redacted] b [redacted]');
  });

  it('scrubs a Telegram bot token, also inside a Bot API URL', () => {
    const token = '1234567890:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsawq';
    expect(scrubSecrets(`https://api.telegram.org/bot${token}/getMe failed`)).toBe('https://api.telegram.org/bot[redacted]/getMe failed');
  });
});
