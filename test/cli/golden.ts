import { readFileSync } from 'node:fs';
import { answerJson } from '../../src/cli/main.js';
import { converse } from '../../src/dialogue/conversation.js';
import { PlanBot } from '../../src/dialogue/bot.js';

/** The dev sets whose answers are pinned. */
export const GOLDEN_SETS = ['dev-questions.jsonl', 'chat-dev-questions.jsonl'];

/** The CLI's batch-mode `--json` line for every question of the golden sets, on the bundled corpus. */
export function goldenLines(): string[] {
  const bot = PlanBot.load();
  return GOLDEN_SETS.flatMap((set) =>
    readFileSync(new URL(`../fixtures/${set}`, import.meta.url), 'utf8')
      .trim()
      .split('\n')
      .map((line) => (JSON.parse(line) as { q: string }).q)
      .map((q) => JSON.stringify(answerJson(converse(bot, q).answer))),
  );
}
