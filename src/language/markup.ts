/**
 * What is left of a chat message once an adapter has removed its platform's markup: the same tidy-up
 * for every surface, so that "what about NATO? cc <@U1>" and "what about NATO?" reach the core alike.
 */

/**
 * Folds the spaces a removal leaves, joins punctuation stranded before or after it, and drops a
 * leading comma or colon that introduced a removed mention.
 *
 * @example tidyRemoved('  , what about NATO ?  ,') // 'what about NATO?'
 */
export function tidyRemoved(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/ ([,.;:!?])/g, '$1')
    .replace(/^[ ,.;:]+/, '')
    .replace(/([,;:])(?=[,;:.!?]|$)/g, '');
}
