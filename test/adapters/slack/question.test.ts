/** Slack text → question, and the deduplication of deliveries. */
import { describe, expect, it } from 'vitest';
import { Deduper } from '../../../adapters/slack/dedupe.js';
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

describe('Deduper', () => {
  it('claims a delivery once, by any of its keys', () => {
    const d = new Deduper();
    expect(d.claim('event:Ev1', 'message:C1:1.1')).toBe(true);
    expect(d.claim('event:Ev1', 'message:C1:1.1')).toBe(false);
    expect(d.claim('event:Ev2', 'message:C1:1.1')).toBe(false);
    expect(d.claim('event:Ev3', 'message:C1:1.2')).toBe(true);
  });

  it('forgets keys after their time to live, and the oldest first when full', () => {
    let now = 0;
    const d = new Deduper(1000, 2, () => now);
    d.claim('a');
    now = 1500;
    expect(d.claim('a')).toBe(true);
    d.claim('b');
    d.claim('c');
    expect(d.claim('b')).toBe(false);
    expect(d.claim('a')).toBe(true);
  });
});
