/**
 * Feedback in Telegram, end to end: two inline-keyboard buttons under answers worth rating, a tap
 * recorded in the same outcome store as Slack and Discord and answered with answerCallbackQuery.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { readReport, type ReportData } from '../../../src/store/query.js';
import { say } from '../../../src/wording/strings.js';
import { SQLITE_UNAVAILABLE } from '../../helpers/sqlite.js';
import { tempStore, type TempStore } from '../../store/helpers.js';
import type { JsonObject, RecordedCall } from './fake-telegram.js';
import { sentTo, startHarness, type Harness } from './harness.js';

let h: Harness;
let t: TempStore;

beforeAll(async () => {
  if (SQLITE_UNAVAILABLE) return;
  t = tempStore();
  h = await startHarness({ store: t.store });
});
afterAll(async () => {
  await h?.close();
  t?.dispose();
});

type Keyboard = { inline_keyboard: { text: string; callback_data: string }[][] };
const buttonsOf = (call: RecordedCall): { text: string; callback_data: string }[] => ((call.body.reply_markup as Keyboard | undefined)?.inline_keyboard ?? []).flat();

function report(): ReportData {
  t.store.flush();
  const result = readReport(t.file, 0, Date.now() + 1);
  if (result.status !== 'ok') throw new Error(`no report: ${result.status}`);
  return result.data;
}

describe.skipIf(SQLITE_UNAVAILABLE)('Telegram feedback', () => {
  it('puts 👍 and 👎 under an answer and records a 👎, thanking the tapper in their language', async () => {
    h.fake.push(h.fake.message('what does it say about NATO?', { chatId: 5001 }));
    const sent = await sentTo(h.fake, 5001);
    const buttons = buttonsOf(sent);
    expect(buttons.map((b) => b.text)).toEqual(['👍', '👎']);
    expect(buttons[0]!.callback_data).toMatch(/^fb:up:[\w-]+$/);
    const answer = [...h.fake.messages.values()].find((m) => m.chatId === 5001)!;
    const [tap] = h.fake.push(h.fake.callbackQuery(buttons[1]!.callback_data, h.fake.botMessage(5001, answer.messageId), 77, 'uk'));
    const ack = await h.fake.waitForCall((c) => c.method === 'answerCallbackQuery' && c.body.callback_query_id === tap!.callback_query!.id);
    expect((ack.body as JsonObject).text).toBe(say('uk', 'feedback.thanks'));
    const answerId = buttons[1]!.callback_data.split(':')[2];
    await vi.waitFor(() => expect(report().ratedDown.find((r) => r.answerId === answerId)).toMatchObject({ down: 1, up: 0, surface: 'telegram' }));
  });

  it('gives help no buttons', async () => {
    h.fake.push(h.fake.message('/help', { chatId: 5002, entities: [{ type: 'bot_command', offset: 0, length: 5 }] }));
    expect(buttonsOf(await sentTo(h.fake, 5002))).toEqual([]);
  });
});
