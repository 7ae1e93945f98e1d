/**
 * Properties every input must satisfy, shared by the fuzz test (a few thousand cases in npm test)
 * and `npm run fuzz` (100,000): the core never throws and answers deterministically, and the Slack
 * and Discord renderings stay within their platforms' limits with no live mention.
 */
import fc from 'fast-check';
import { LIMITS as DISCORD } from '../../adapters/discord/limits.js';
import { renderAnswer as renderDiscord, toPayload } from '../../adapters/discord/render.js';
import { blocksTextLength, SLACK_LIMITS } from '../../adapters/slack/limits.js';
import { renderAnswer as renderSlack } from '../../adapters/slack/render.js';
import { PlanBot } from '../../src/dialogue/bot.js';

const FRAGMENTS = [
  'NATO', 'What does the plan say about', 'Crimea', 'Кримом', 'выборах', 'clause 7.2', 'clause plan-article:99.9', 'topics', 'sources', 'help',
  '@everyone', '@here', '@channel', '<!channel>', '<!here>', '<!everyone>', '<@U123>', '<@123>', '<@!123>', '<@&456>', '<#789>', '<https://evil.example|click>',
  '**bold**', '`code`', '```', '> quote', '# heading', '[link](https://x.y)', '||spoiler||', '~~strike~~', '_x_', '*x*',
  '<script>alert(1)</script>', '&amp;', '&lt;', "'; DROP TABLE passages; --", '" OR 1=1 --', '\u0000', '\u0007', '\u001b[31m', '\r\n', '\t',
  '\u200b', '\u200d', '\u2060', '\ufeff', '\u202e', '\u2066', 'مرحبا', 'שלום', '👍🏽', '👨‍👩‍👧', 'é', 'e\u0301', 'ﬁ', '\ud800', '\udc00', '\ud83d', '?', '…', '—',
];

/** Questions: random text of every kind, adversarial fragments, and huge inputs. */
export const questionArbitrary: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: 'grapheme', maxLength: 200 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
  { weight: 4, arbitrary: fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 12 }).map((parts) => parts.join(' ')) },
  { weight: 2, arbitrary: fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 12 }).map((parts) => parts.join('')) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...FRAGMENTS), fc.integer({ min: 1, max: 100_000 })).map(([f, n]) => f.repeat(Math.ceil(n / f.length)).slice(0, n)) },
);

export const LIVE_SLACK = /<[!@#]|(?<!\u2060)@(?:everyone|here|channel)\b/i;
export const LIVE_DISCORD = /<(?:@[!&]?|#)\d|@(?:everyone|here)\b/;

/** Checks one question; returns the reasons it fails (none: it passes). */
export function check(bot: PlanBot, other: PlanBot, question: string): string[] {
  const problems: string[] = [];
  let answer;
  try {
    answer = bot.ask(question);
  } catch (err) {
    return [`core threw: ${(err as Error).message}`];
  }
  const json = JSON.stringify(answer);
  if (JSON.stringify(bot.ask(question)) !== json) problems.push('not deterministic on the same bot');
  if (JSON.stringify(other.ask(question)) !== json) problems.push('not deterministic on a fresh bot');
  if (answer.kind === 'answered') for (const c of answer.citations) if (bot.index.byId.get(c.id)?.text !== c.quote) problems.push(`quote of ${c.id} is not its passage`);

  try {
    const slack = renderSlack(answer, { share: true, showQuestion: true });
    if (slack.blocks.length > SLACK_LIMITS.blocks) problems.push(`slack: ${slack.blocks.length} blocks`);
    if (blocksTextLength(slack.blocks) > SLACK_LIMITS.messageText) problems.push(`slack: ${blocksTextLength(slack.blocks)} characters across blocks`);
    for (const b of slack.blocks) {
      if (b.type === 'section' && b.text && b.text.text.length > SLACK_LIMITS.sectionText) problems.push('slack: section over 3000');
    }
    const texts = [slack.text, ...slack.blocks.flatMap((b) => JSON.stringify(b).match(/"text":"((?:[^"\\]|\\.)*)"/g) ?? [])];
    for (const t of texts) if (LIVE_SLACK.test(JSON.parse(`{${t.startsWith('"text"') ? t : `"text":${JSON.stringify(t)}`}}`).text as string)) problems.push(`slack: live mention in ${t.slice(0, 80)}`);
  } catch (err) {
    problems.push(`slack render threw: ${(err as Error).message}`);
  }

  try {
    const payload = toPayload(renderDiscord(answer), { ephemeral: true });
    if (payload.content.length > DISCORD.content) problems.push(`discord: content ${payload.content.length}`);
    if (payload.embeds.length > DISCORD.embeds) problems.push(`discord: ${payload.embeds.length} embeds`);
    let total = 0;
    for (const e of payload.embeds) {
      if ((e.description?.length ?? 0) > DISCORD.embedDescription) problems.push('discord: embed description too long');
      if ((e.title?.length ?? 0) > DISCORD.embedTitle) problems.push('discord: embed title too long');
      total += (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.footer?.text.length ?? 0) + (e.author?.name.length ?? 0);
      for (const f of e.fields ?? []) total += f.name.length + f.value.length;
    }
    if (total > DISCORD.embedsTotal) problems.push(`discord: ${total} characters across embeds`);
    if ((payload.allowedMentions.parse ?? ['x']).length !== 0) problems.push('discord: allowed_mentions.parse not empty');
    const shown = [payload.content, ...payload.embeds.flatMap((e) => [e.title ?? '', e.description ?? '', e.footer?.text ?? '', ...(e.fields ?? []).flatMap((f) => [f.name, f.value])])];
    for (const s of shown) if (LIVE_DISCORD.test(s)) problems.push(`discord: mention syntax shown live in ${s.slice(0, 80)}`);
  } catch (err) {
    problems.push(`discord render threw: ${(err as Error).message}`);
  }
  return problems;
}

/** Runs `runs` generated questions (seeded) and counts the failing ones. */
export function fuzz(runs: number, seed: number, onFailure?: (question: string, problems: string[]) => void): { cases: number; failures: number } {
  const bot = PlanBot.load();
  const other = PlanBot.load();
  let failures = 0;
  let cases = 0;
  const chunk = 1000;
  for (let done = 0; done < runs; done += chunk) {
    for (const question of fc.sample(questionArbitrary, { numRuns: Math.min(chunk, runs - done), seed: seed + done })) {
      cases++;
      const problems = check(bot, other, question);
      if (problems.length) {
        failures++;
        onFailure?.(question, problems);
      }
    }
  }
  return { cases, failures };
}
