/** Slack text → question. (Claims of deliveries are tested in test/state/.) */
import { describe, expect, it } from 'vitest';
import { questionFromSlack } from '../../../adapters/slack/question.js';

describe('questionFromSlack', () => {
  it("removes the bot's own mention, in both of Slack's forms", () => {
    expect(questionFromSlack('<@UBOT> what about NATO?')).toBe('what about NATO?');
    expect(questionFromSlack('hey <@UBOT|peace-plan-bot>, clause 7.2')).toBe('hey, clause 7.2');
  });

  it('removes users, channels, user groups, special mentions, dates and links (label and URL) instead of turning them into words', () => {
    expect(questionFromSlack('<@UBOT> what does it say about NATO? cc <@U123ABC>')).toBe('what does it say about NATO?');
    expect(questionFromSlack('<#C0123|general> <@UBOT> what about Crimea? /cc <!subteam^S0123|@policy-team> <!here>')).toBe('what about Crimea?');
    expect(questionFromSlack('<@UBOT> saw <https://apnews.com/x|apnews.com> and <https://x.y>: what about amnesty?')).toBe('saw and: what about amnesty?');
    expect(questionFromSlack('<mailto:a@b.c|a@b.c> <!date^1392734382^{date}|Feb 18> <!channel> <!everyone> sanctions')).toBe('sanctions');
  });

  it('removes emoji codes, skin tones included, but not times or citation ids', () => {
    expect(questionFromSlack(':pray: what about NATO? :flag-ua: :+1::skin-tone-3: :thinking_face:')).toBe('what about NATO?');
    expect(questionFromSlack('clause plan-article:7.2 at 10:30:')).toBe('clause plan-article:7.2 at 10:30');
  });

  it('decodes entities after removing markup', () => {
    expect(questionFromSlack('&lt;NATO&gt; &amp; Crimea')).toBe('<NATO> & Crimea');
  });
});
