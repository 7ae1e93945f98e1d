/** Slack text → question. (Claims of deliveries are tested in test/state/.) */
import { describe, expect, it } from 'vitest';
import { questionFromSlack } from '../../../adapters/slack/question.js';

describe('questionFromSlack', () => {
  it("removes the bot's own mention, in both of Slack's forms", () => {
    expect(questionFromSlack('<@UBOT> what about NATO?', 'UBOT')).toBe('what about NATO?');
    expect(questionFromSlack('hey <@UBOT|peace-plan-bot>, clause 7.2', 'UBOT')).toBe('hey  , clause 7.2');
  });

  it('shows other markup as the user saw it and decodes entities', () => {
    expect(questionFromSlack('<@UBOT> ask <@U123> and <#C1|general> about <https://nato.int|NATO> &amp; <!here> &lt;3', 'UBOT')).toBe(
      'ask @U123 and #general about NATO & @here <3',
    );
    expect(questionFromSlack('<mailto:a@b.c|a@b.c> <https://x.y> <!subteam^S1|@team> <!date^1|yesterday>')).toBe('a@b.c https://x.y @team yesterday');
  });
});
