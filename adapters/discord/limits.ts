/** Discord's size limits, in one place for the renderer and for the handlers that cut text themselves. */

/** Discord's documented size limits, in characters. */
export const LIMITS = {
  content: 2000,
  embeds: 10,
  embedTitle: 256,
  embedDescription: 4096,
  embedFooter: 2048,
  embedFieldValue: 1024,
  /** Sum of titles, descriptions, field names and values, footers and author names over all embeds. */
  embedsTotal: 6000,
  threadName: 100,
  autocompleteChoices: 25,
  choiceName: 100,
  choiceValue: 100,
} as const;
