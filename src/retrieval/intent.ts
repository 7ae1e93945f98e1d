/**
 * What a message asks for: a command (`help`, `topics`, `sources`), a passage or point of the plan
 * (`clause 7.2`, `point 10`, `show me point 14`, `what does point 7 say?`), a comparison of
 * versions (`compare army`, "what changed about the army cap?"), or else a question.
 */
import { NUMBER_WORD_PATTERN, readNumber, type PointRef } from './points.js';

/** What a message asks for. */
export type Intent =
  | { kind: 'help' }
  | { kind: 'topics' }
  | { kind: 'sources' }
  | { kind: 'clause'; ref: string; point?: PointRef }
  | { kind: 'compare'; topic: string }
  | { kind: 'question' };

// "show me point 14", "what does point 7 say?", "the text of article 3", "point 10(a)", "the last point".
const ASKING_FOR = /^(?:(?:can|could|would) you |please )?(?:(?:show|read|quote|print|display|give|tell|open|paste|cite)(?: me| us)?(?: out)?|what(?:'s| is| does| do| did| are)?(?: in| written in)?|whats)?\s*(?:the )?(?:(?:full |whole |exact )?(?:text|wording|content|contents) of )?/;
const POINT_WORDS = '(?:point|clause|item|article|passage|para(?:graph)?|section|provision|cite|citation|id|§|пункт\\p{L}*|стат\\p{L}*)';
const REF = `([a-z0-9-]+:\\d+(?:\\.\\d+)?|\\d{1,3}(?:\\.\\d+)?(?:\\s*\\(?[a-z]{1,4}\\))?|\\d{1,3}[a-z]|${NUMBER_WORD_PATTERN})`;
const POINT_FIRST = new RegExp(`^${POINT_WORDS}\\s*(?:no\\.?|number|#)?\\s*:?\\s*${REF}(?:\\s+(?:say|says|state|states|contain|contains|cover|covers|mean|means|about|in full|of the (?:plan|draft|document|text|framework))\\b.*)?$`, 'u');
const ORDINAL_FIRST = new RegExp(`^(${NUMBER_WORD_PATTERN}|\\d{1,3}(?:st|nd|rd|th))\\s+(?:point|clause|item|article|provision)(?:\\s+(?:say|says|state|states|about|of the (?:plan|draft|document|text|framework))\\b.*)?$`, 'u');

/** A point reference read from `ref` (`10`, `10.2`, `10(a)`, `10a`, `plan-points:21`, `ten`, `last`). */
export function pointRefOf(ref: string): PointRef | undefined {
  const m = /^\d+(?:st|nd|rd|th)$/.test(ref) ? null : /^(?:([a-z0-9-]+):)?(\d{1,3})(?:\.(\d+))?(?:\s*\(?([a-z]{1,4})\)?)?$/.exec(ref);
  if (m) {
    return {
      ...(m[1] ? { documentId: m[1] } : {}),
      number: Number(m[2]),
      ...(m[3] ? { passage: Number(m[3]) } : {}),
      ...(m[4] ? { item: m[4] } : {}),
    };
  }
  const n = readNumber(ref);
  return n === undefined ? undefined : { number: n };
}

/** Recognises the bot's commands; anything else is a question. */
export function parseIntent(text: string): Intent {
  const t = text.toLowerCase().replace(/[?!.]+$/, '').trim();
  if (/^(help|usage|\?|what can (you|i) (do|ask)|допомога|довідка|помощь|справка)$/.test(t)) return { kind: 'help' };
  if (/^((list|show)( the| all)? )?topics$|^what topics( do you cover| are covered)?$|^(теми|темы)$/.test(t)) return { kind: 'topics' };
  if (/^((list|show)( the| all)? )?(sources|documents|docs|versions)$|^what (sources|documents|versions)( do you (use|have))?$|^(джерела|источники|документи|документы)$/.test(t)) return { kind: 'sources' };
  const compare =
    /^(?:compare|diff)\s+(?:the versions on |versions on |what the versions say about )?(.+)$/.exec(t) ??
    /^what(?:'s| has| have| is)? (?:changed|different|differs?|new)(?: (?:about|on|in|for|with|regarding))? (.+?)(?: (?:between|across|from|in) (?:the )?(?:versions|drafts|revisions|revision|new version|last version).*)?$/.exec(t) ??
    /^how (?:has|have|did|do|does) (.+?) change(?:d)?(?: (?:between|across|from|in) .*)?$/.exec(t);
  if (compare) return { kind: 'compare', topic: compare[1]!.trim() };
  // Politeness around a point request ("read me item 21 pls") never hides it.
  const asked = t.replace(ASKING_FOR, '').replace(/^the /, '').replace(/[\s,]+(?:pls|plz|please|thanks|thank you|thx|ty)$/, '');
  const point = POINT_FIRST.exec(asked) ?? ORDINAL_FIRST.exec(asked);
  if (point) {
    const ref = pointRefOf(point[1]!);
    if (ref) return { kind: 'clause', ref: point[1]!, point: ref };
  }
  const bare = /^([a-z0-9][a-z0-9-]*:\d+(?:\.\d+)?)$/.exec(t);
  if (bare) return { kind: 'clause', ref: bare[1]!, point: pointRefOf(bare[1]!)! };
  return { kind: 'question' };
}
