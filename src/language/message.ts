/**
 * Message → question: what a person types in a chat carries greetings, thanks, hedges, filler,
 * emoji and leftover platform markup around the question. None of it may decide whether or what
 * the bot answers, so it is stripped here, before commands are parsed and passages ranked; a
 * message that is nothing but such talk is small talk. The word lists are data (`data/chat.json`).
 */
import chatData from '../data/chat.json' with { type: 'json' };
import { detectCyrillic, normaliseAmounts } from './normalise.js';
import { foldChat, PhraseSet, wordsOf } from './phrases.js';
import { detectLanguage, type Lang } from '../language/lang.js';

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

const SOCIAL = ['thanks', 'farewell', 'praise', 'greeting'] as const;
type Social = (typeof SOCIAL)[number];
type Role = Social | 'address' | 'filler';

// Where a phrase may stand; `social` ones also say what kind of small talk a bare message is. The
// first list a phrase is added from decides its role: thanks before greeting, social before filler.
const LEADING = new PhraseSet<Role>();
const TRAILING = new PhraseSet<Role>();
for (const set of [LEADING, TRAILING]) {
  for (const k of SOCIAL) set.add(chatList(k), k);
  set.add(chatList('address'), 'address');
  set.add(chatList('anywhere'), 'filler');
}
LEADING.add(chatList('lead'), 'filler');
TRAILING.add(chatList('trail'), 'filler');
// "asking for our newsletter", "for my article i'm writing".
const OWNERS = ['a', 'an', 'my', 'our', 'the', "the team's", 'мене', 'нас', 'моєї', 'нашої', 'моей', 'нашей'];
for (const lead of ['asking for', 'for', 'для']) {
  for (const owner of OWNERS) {
    for (const what of chatList('purpose')) {
      const phrase = `${lead} ${owner} ${what}`;
      TRAILING.add([phrase, `${phrase} i'm writing`, `${phrase} we're writing`], 'filler');
    }
  }
}
const ANYWHERE = new PhraseSet<'filler'>().add(chatList('anywhere'), 'filler');
const ADDRESS = new PhraseSet<'address'>().add(chatList('address'), 'address');

// Separators between a filler and the question: spaces, commas, dashes, full stops, ellipses…
const SEPARATORS = /^[\s,.;:!?…\-–—)(]*$/u;
const SEPARATORS_AT_START = /^[\s,.;:!?…\-–—)(]*/u;
const SEPARATORS_AT_END = /[\s,.;:!?…\-–—)(]*$/u;

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
    let words = wordsOf(s);
    const lead = words.length && SEPARATORS.test(s.slice(0, words[0]!.start)) ? LEADING.startingAt(s, words, 0) : undefined;
    if (lead) {
      const after = s.slice(words[lead.length - 1]!.end);
      const sep = SEPARATORS_AT_START.exec(after)![0];
      const rest = after.slice(sep.length);
      const role = lead.value;
      // "bot, …" or "hey bot …" address the bot; "all parties …" does not.
      const addressed = role !== 'address' || /[,:!]/.test(sep) || rest === '' || social.size > 0;
      // A bare compliment word ("great …") counts only when punctuation sets it off.
      const setOff = role !== 'praise' || lead.length > 1 || /[,.!:]/.test(sep) || rest === '';
      if (addressed && setOff) {
        if (role !== 'address' && role !== 'filler') social.add(role);
        s = rest;
      }
    }
    words = wordsOf(s);
    const n = words.length;
    const trail = n && SEPARATORS.test(s.slice(words[n - 1]!.end)) ? TRAILING.endingAt(s, words, n - 1) : undefined;
    if (trail) {
      const first = words[n - trail.length]!;
      const upTo = s.slice(0, first.start);
      const sep = SEPARATORS_AT_END.exec(upTo)![0];
      const head = upTo.slice(0, upTo.length - sep.length);
      const role = trail.value;
      const addressed = role !== 'address' || sep.includes(',') || head === '' || social.size > 0;
      const setOff = role !== 'praise' || trail.length > 1 || /[,.!?]/.test(sep) || head === '';
      if (addressed && setOff) {
        if (role !== 'address' && role !== 'filler') social.add(role);
        s = head + (s.slice(head.length).includes('?') ? '?' : '');
      }
    }
    if (s === before) break;
  }
  return s;
}

/** Removes chat filler wherever it stands ("what does it say tbh about NATO"). */
function stripAnywhere(s: string): string {
  const words = wordsOf(s);
  let out = '';
  let at = 0;
  for (let i = 0; i < words.length; i++) {
    const m = ANYWHERE.startingAt(s, words, i);
    if (!m) continue;
    const end = words[i + m.length - 1]!.end;
    out += `${s.slice(at, words[i]!.start)} `;
    at = s[end] === ',' ? end + 1 : end;
    i += m.length - 1;
  }
  return out + s.slice(at);
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
for (const kind of ['identity', 'capability', 'presence', 'wellbeing'] as const) for (const p of chatList(kind)) ABOUT_BOT.set(bare(p).replace(/['’]/g, ''), kind);

/** A bare message without the words that address someone at its ends ("bot", "all"). */
function unaddressed(text: string): string {
  const words = wordsOf(text);
  let i = 0;
  let j = words.length - 1;
  for (let m = ADDRESS.startingAt(text, words, i); m && i <= j; m = ADDRESS.startingAt(text, words, i)) i += m.length;
  for (let m = ADDRESS.endingAt(text, words, j); m && j >= i; m = ADDRESS.endingAt(text, words, j)) j -= m.length;
  return i > j ? '' : text.slice(words[i]!.start, words[j]!.end);
}

const SHORTHAND = new Map(Object.entries(chatData.shorthand).map(([k, v]) => [foldChat(k), v]));

/** Chat spellings replaced by the words they stand for ("when r the elections" → "when are the elections"). */
export function expandShorthand(text: string): string {
  let out = '';
  let at = 0;
  for (const word of wordsOf(text)) {
    const full = SHORTHAND.get(word.w);
    // Never inside an id, a number or a path ("clause 7.2", "plan-article:7").
    if (full === undefined || /[.:/'’-]/.test(text[word.start - 1] ?? '') || /['’/]/.test(text[word.end] ?? '')) continue;
    out += text.slice(at, word.start) + full;
    at = word.end;
  }
  return out + text.slice(at);
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
 * A sentence's final punctuation, kept when the chat word that carried it is removed ("… nazis lol.
 * genuinely curious"): the sentences stay apart, so ranking can tell the question from talk around it.
 */
function keepEnd(original: string, stripped: string): string {
  const end = /[.!?…]+$/u.exec(original.trimEnd())?.[0];
  return end && stripped !== '' && !/[.!?…]$/u.test(stripped) ? stripped + end : stripped;
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
    .map((s) => keepEnd(s, tidy(stripEnds(tidy(stripAnywhere(stripEnds(s, social))), social))))
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
  const plain = bare(text).replace(/['’]/g, '');
  const about = ABOUT_BOT.get(plain) ?? ABOUT_BOT.get(unaddressed(plain));
  if (about) return { text, smalltalk: about, lang };
  return { text, lang };
}
