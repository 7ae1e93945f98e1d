/**
 * One answer structure, every surface the same wording: each kind of answer rendered by the CLI,
 * Slack and Discord renderers, checked for the core's lead, the clause in its sentence and a single
 * attribution.
 */
import { describe, expect, it } from 'vitest';
import { renderAnswer as renderDiscord } from '../adapters/discord/render.js';
import { renderAnswer as renderSlack } from '../adapters/slack/render.js';
import { PlanBot } from '../src/dialogue/bot.js';
import { renderTerminal } from '../src/cli/main.js';
import type { Answer } from '../src/types.js';

const bot = PlanBot.load();
const CLAUSE = 'prohibits NATO troop deployments in Ukraine';

/** Every surface's rendering of one answer, as the text a user would see (markup left in). */
function surfaces(answer: Answer): Record<'cli' | 'terminal' | 'slack' | 'discord', string> {
  const slack = renderSlack(answer);
  const discord = renderDiscord(answer);
  return {
    cli: renderTerminal(answer, false),
    terminal: renderTerminal(answer, true),
    slack: JSON.stringify(slack.blocks),
    discord: JSON.stringify(discord),
  };
}

// Questions with no markup-sensitive characters in their leads, so each surface shows them literally.
const KINDS: [Answer['kind'], string][] = [
  ['answered', 'what does it say about NATO?'],
  ['answered', 'Що буде з Кримом?'],
  ['not-covered', 'What does the plan say about Syria?'],
  ['not-covered', 'Что план говорит о Сирии?'],
  ['invalid', '!!!'],
  ['topics', 'topics'],
  ['sources', 'джерела'],
  ['help', 'help'],
];

describe('every surface, one wording', () => {
  it.each(KINDS)('renders a %s answer (%s) with the core\'s lead on the CLI, Slack and Discord', (kind, question) => {
    const answer = bot.ask(question);
    expect(answer.kind).toBe(kind);
    for (const [surface, text] of Object.entries(surfaces(answer))) expect(text, surface).toContain(answer.lead);
  });

  it('shows the NATO clause inside its sentence, emphasised, and the document credited once, on every surface', () => {
    const answer = bot.ask('what does it say about NATO?');
    const out = surfaces(answer);
    expect(out.cli).toContain(`personnel, *${CLAUSE}*, and stations European fighter jets in Poland.`);
    // eslint-disable-next-line no-control-regex
    expect(out.terminal).toMatch(/personnel, \x1b\[0m\x1b\[4mprohibits .*NATO.* troop deployments in Ukraine\x1b\[0m\x1b\[2m, and stations European fighter jets in Poland\./);
    expect(out.slack).toContain(`personnel, *${CLAUSE}*, and stations European fighter jets in Poland.`);
    expect(out.discord).toContain(`personnel, **${CLAUSE}**, and stations European fighter jets in Poland.`);
    for (const [surface, text] of Object.entries(out)) expect(text.match(/news summary\)/g), surface).toHaveLength(1);
  });

  it('gives a Ukrainian question its Ukrainian lead and credit and the English clause, on every surface', () => {
    const answer = bot.ask('Що буде з Кримом?');
    for (const [surface, text] of Object.entries(surfaces(answer))) {
      expect(text, surface).toContain('Один уривок у відповідь на «Що буде з Кримом?»:');
      expect(text, surface).toMatch(/Crimea[^,]*, Luhansk, and Donetsk as de facto Russian territory/);
      expect(text, surface).toContain('Джерело: ');
    }
  });
});
