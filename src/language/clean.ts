/** The first thing done to any typed text: what no surface should pass on to the core. */

// C0/C1 controls, zero-width and bidirectional formatting characters: invisible, and a way to hide words.
// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\uFEFF]/g;
// Lone surrogates cannot be encoded as UTF-8 (Slack and Discord would reject the echo).
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Cleans raw user text: invisible characters out, whitespace folded to single spaces. */
export function cleanQuestion(raw: string): string {
  return raw.replace(LONE_SURROGATE, '').replace(INVISIBLE, '').replace(/\s+/g, ' ').trim();
}
