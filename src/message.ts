/**
 * Message → question: what a person types in a chat carries greetings, thanks, hedges, filler,
 * emoji and leftover platform markup around the question. None of it may decide whether or what
 * the bot answers, so it is stripped here, before commands are parsed and passages ranked; a
 * message that is nothing but such talk is small talk. The word lists are data (`data/chat.json`).
 */
import chatData from './data/chat.json' with { type: 'json' };
import { detectCyrillic, normaliseAmounts } from './normalise.js';
import { detectLanguage, type Lang } from './wording.js';

/** What a message that asks nothing about the plan is doing. */
export type SmalltalkKind = 'greeting' | 'thanks' | 'farewell' | 'praise' | 'identity' | 'capability' | 'presence' | 'wellbeing' | 'filler' | 'offtopic';

/** A chat message read as a question. */
export interface ChatMessage {
  /** The question with markup, filler and social talk removed (empty when nothing is left). */
  text: string;
  /** Set when the message is small talk rather than a question. */
  smalltalk?: SmalltalkKind;
  /** The language to reply in. */
  lang: Lang;
}

type ListName = keyof (typeof chatData)['en'];
const LANGS = ['en', 'uk', 'ru'] as const;

/** One list of phrases in every language (stripping does not need to know the language: the scripts differ). */
export function chatList(name: ListName): string[] {
  return LANGS.flatMap((l) => chatData[l][name]);
}

const B = '(?<![\\p{L}\\p{N}])';
const E = '(?![\\p{L}\\p{N}])';
// Separators between a filler and the question: spaces, commas, dashes, full stops, ellipses…
const SEP = '[\\s,.;:!?…\\-–—)(]*';

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
function phraseSource(phrase: string): string {
  return phrase
    .toLowerCase()
    .split(/\s+/)
    .map((w) => (w === '*' ? "[\\p{L}\\p{N}'’-]+" : escape(w).replace(/'/g, "['’]?")))
    .join('[\\s,]+');
}
function alternation(phrases: string[]): string {
  return [...new Set(phrases)]
    .sort((a, b) => b.length - a.length || (a < b ? -1 : 1))
    .map(phraseSource)
    .join('|');
}

const SOCIAL = ['thanks', 'farewell', 'praise', 'greeting'] as const;
type Social = (typeof SOCIAL)[number];
// Where a phrase may stand; `social` ones also say what kind of small talk a bare message is.
const classOf = new Map<string, Social | 'address' | 'filler'>();
for (const k of ['lead', 'trail', 'anywhere'] as const) for (const p of chatList(k)) classOf.set(p, 'filler');
for (const p of chatList('address')) classOf.set(p, 'address');
for (const k of [...SOCIAL].reverse()) for (const p of chatList(k)) classOf.set(p, k);

const purpose = alternation(chatList('purpose'));
const LEAD_RE = new RegExp(`^${SEP}(${alternation([...chatList('lead'), ...chatList('anywhere'), ...chatList('address'), ...SOCIAL.flatMap(chatList)])})${E}(${SEP})`, 'iu');
const TRAIL_RE = new RegExp(
  `(^|${SEP})${B}(${alternation([...chatList('trail'), ...chatList('anywhere'), ...chatList('address'), ...SOCIAL.flatMap(chatList)])}|(?:asking )?(?:for|для) (?:a|an|my|our|the|the team's|мене|нас|моєї|нашої|моей|нашей) (?:${purpose})(?: (?:i'm|im|we're|were) (?:writing|doing|making|preparing))?)${SEP}$`,
  'iu',
);
// Longer than any trailing phrase with its separators.
const TAIL = 120;
const ANYWHERE_RE = new RegExp(`${B}(?:${alternation(chatList('anywhere'))})${E}[,]?`, 'giu');

// Platform markup and things that are never words of a question: Slack and Discord mentions,
// channels, groups, custom emoji, timestamps, links, bare URLs, :shortcodes:, emoji, emoticons.
const CC = /(?:^|\s)\/?(?:cc|fyi|h\/t|ping)\s*:?\s*(?:(?:<@[^>\s]+>|@[\w.-]+)[\s,&]*(?:and\s+)?)+/giu;
const MARKUP: RegExp[] = [
  /<[@#!][^>\s]*>/gu,
  /<a?:\w+:\d+>/gu,
  /<t:-?\d+(?::[tTdDfFR])?>/gu,
  /<(?:https?|mailto|tel):[^>]*>/giu,
  /\b(?:https?:\/\/|www\.)\S+/giu,
  /(?<![\p{L}\p{N}])@[\p{L}\p{N}_.-]+/gu,
  /(?<![\p{L}\p{N}]):[a-z0-9_+-]+:(?![\p{L}\p{N}])/giu,
  // Emoji with their skin tones, joiners, variation selectors and keycaps (as alternatives: a
  // class would split joined sequences).
  /(?:\p{Extended_Pictographic}|\p{Regional_Indicator}|[\u{1F3FB}-\u{1F3FF}]|\uFE0F|\u200D|\u20E3)+/gu,
  /(?<=^|\s)(?:[:;=xX8][-'^]?[)(\][dDpPoO/\\|*3]+|<\/?3+|\^\^|\^_\^|[oO]_[oO]|¯\\_\(ツ\)_\/¯|T_T)(?=\s|$|[,.!?])/gu,
];
// A sentence that only sets the scene ("context: …") when another one asks the question.
const SCENE = /^\s*(?:\(?\s*)(?:context|background|for context|some context|ps|p\.s\.|note|контекст)\s*:/iu;

function stripEnds(sentence: string, social: Set<Social>): string {
  let s = sentence;
  for (let guard = 0; guard < 12; guard++) {
    const before = s;
    const lead = LEAD_RE.exec(s);
    if (lead) {
      const cls = classOf.get(lead[1]!.toLowerCase().replace(/[\s,]+/g, ' ')) ?? 'filler';
      const rest = s.slice(lead[0].length);
      // "bot, …" or "hey bot …" address the bot; "all parties …" does not.
      const addressed = cls !== 'address' || /[,:!]/.test(lead[2]!) || rest === '' || social.size > 0;
      // A bare compliment word ("great …") counts only when punctuation sets it off.
      const setOff = cls !== 'praise' || lead[1]!.includes(' ') || /[,.!:]/.test(lead[2]!) || rest === '';
      if (addressed && setOff) {
        if (cls !== 'address' && cls !== 'filler') social.add(cls);
        s = rest;
      }
    }
    // Only the end can match, and no phrase is long: searching the tail alone keeps this cheap.
    const from = Math.max(0, s.length - TAIL);
    const trail = TRAIL_RE.exec(from > 0 ? s.slice(from) : s);
    if (trail && (from === 0 || trail.index > 0 || trail[1] !== '')) {
      const phrase = trail[2]!.toLowerCase().replace(/[\s,]+/g, ' ');
      const cls = classOf.get(phrase) ?? 'filler';
      const head = s.slice(0, from + trail.index);
      const addressed = cls !== 'address' || /[,]/.test(trail[1]!) || head === '' || social.size > 0;
      const setOff = cls !== 'praise' || phrase.includes(' ') || /[,.!?]/.test(trail[1]!) || head === '';
      if (addressed && setOff) {
        if (cls !== 'address' && cls !== 'filler') social.add(cls);
        s = head + (/\?/.test(trail[0]) ? '?' : '');
      }
    }
    if (s === before) break;
  }
  return s;
}

const tidy = (s: string): string =>
  s
    .replace(/\s+/g, ' ')
    .replace(/\s+([,.;:!?])/g, '$1')
    .replace(/^[\s,.;:!?…\-–—]+/u, '')
    .replace(/[\s,;:\-–—]+$/u, '')
    .trim();

const bare = (s: string): string =>
  s
    .toLowerCase()
    .replace(/[^\p{L}\p{N}'’\s-]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();

const ABOUT_BOT = new Map<string, SmalltalkKind>();
for (const kind of ['identity', 'capability', 'presence', 'wellbeing'] as const) for (const p of chatList(kind)) ABOUT_BOT.set(bare(p), kind);
const ADDRESS_WORDS = new RegExp(`^(?:(?:${alternation(chatList('address'))})\\s+)+|(?:\\s+(?:${alternation(chatList('address'))}))+$`, 'giu');

const SHORTHAND = new Map(Object.entries(chatData.shorthand));
const SHORTHAND_RE = new RegExp(`(?<![\\p{L}\\p{N}'’/.:-])(?:${alternation([...SHORTHAND.keys()])})(?![\\p{L}\\p{N}'’/])`, 'giu');

/** Chat spellings replaced by the words they stand for ("when r the elections" → "when are the elections"). */
export function expandShorthand(text: string): string {
  return text.replace(SHORTHAND_RE, (m) => SHORTHAND.get(m.toLowerCase()) ?? m);
}

const CHAT_WORDS = { uk: new Set(chatWords('uk')), ru: new Set(chatWords('ru')) };
function chatWords(lang: 'uk' | 'ru'): string[] {
  return Object.values(chatData[lang]).flat().flatMap((p) => p.toLowerCase().split(/\s+/));
}

/**
 * The language to reply in. Cyrillic without the letters only Ukrainian or Russian has ("спасибо",
 * "привет") is told apart by the chat words and function words of each.
 */
export function languageOf(message: string): Lang {
  const lang = detectLanguage(message);
  if (lang !== 'uk' || /[іїєґ]/iu.test(message)) return lang;
  const words = message.toLowerCase().match(/\p{L}+/gu) ?? [];
  const uk = words.filter((w) => CHAT_WORDS.uk.has(w) && !CHAT_WORDS.ru.has(w)).length;
  const ru = words.filter((w) => CHAT_WORDS.ru.has(w) && !CHAT_WORDS.uk.has(w)).length;
  return ru > uk ? 'ru' : uk > ru ? 'uk' : detectCyrillic(message);
}

/** Removes platform markup, mentions, links and emoji from a message (never turning them into words). */
export function stripMarkup(message: string): string {
  let s = message.replace(CC, ' ');
  for (const re of MARKUP) s = s.replace(re, ' ');
  return s.replace(/\s+/g, ' ').trim();
}

/**
 * Reads a chat message as a question: strips markup, greetings, thanks, hedges and filler, and
 * says whether what is left is small talk.
 *
 * @example
 * toQuestion('hey bot, what does it say about NATO? thanks!') // { text: 'what does it say about NATO?', lang: 'en' }
 * toQuestion('thanks!') // { text: '', smalltalk: 'thanks', lang: 'en' }
 */
export function toQuestion(message: string): ChatMessage {
  const lang = languageOf(message);
  const social = new Set<Social>();
  let sentences = stripMarkup(message)
    .split(/(?<=[.!?…])\s+|\s*\n\s*/u)
    .map((s) => tidy(stripEnds(s, social).replace(ANYWHERE_RE, ' ')))
    .map((s) => tidy(stripEnds(s, social)))
    .filter((s) => /[\p{L}\p{N}]/u.test(s));
  if (sentences.length > 1) {
    const asking = sentences.filter((s) => !SCENE.test(s));
    if (asking.length > 0) sentences = asking;
  }
  const text = tidy(normaliseAmounts(expandShorthand(sentences.join(' '))));
  if (text === '') {
    const kind = SOCIAL.find((k) => social.has(k)) ?? 'filler';
    return { text, smalltalk: kind, lang };
  }
  const about = ABOUT_BOT.get(bare(text)) ?? ABOUT_BOT.get(bare(text).replace(ADDRESS_WORDS, '').trim());
  if (about) return { text, smalltalk: about, lang };
  return { text, lang };
}
