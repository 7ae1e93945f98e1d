/** Slack's message limits, and how a message's blocks are counted against them. */
import type { types } from '@slack/bolt';

/**
 * Slack's message limits, as the renderer applies them.
 *
 * `messageText` stays under Slack's "about 12,000 characters across a message's blocks": Slack does
 * not document how it counts (its own escapes and markup seem to count), and a message just past the
 * limit is rejected whole with `msg_blocks_too_long`, so a margin costs little and saves the answer.
 */
export const SLACK_LIMITS = {
  /** Characters in one section's text object. */
  sectionText: 3000,
  /** Blocks in one message. */
  blocks: 50,
  /** Characters across all text objects of a message's blocks. */
  messageText: 11_000,
  /** Characters of the plain-text `text` fallback shown in notifications. */
  fallbackText: 3000,
  /** Characters of a button's `value`. */
  buttonValue: 2000,
} as const;

/** Characters a block contributes to Slack's per-message text total. */
function blockTextLength(block: types.KnownBlock): number {
  switch (block.type) {
    case 'section':
      return block.text?.text.length ?? 0;
    case 'context':
      return block.elements.reduce((n, e) => n + ('text' in e && typeof e.text === 'string' ? e.text.length : 0), 0);
    case 'actions':
      return block.elements.reduce((n, e) => n + (e.type === 'button' ? e.text.text.length + (e.value?.length ?? 0) : 0), 0);
    default:
      return 0;
  }
}

/** Characters across a message's blocks, as {@link SLACK_LIMITS.messageText} counts them. */
export function blocksTextLength(blocks: types.KnownBlock[]): number {
  return blocks.reduce((n, b) => n + blockTextLength(b), 0);
}

/** Whether a message of these blocks is within Slack's block count and text total. */
export function fits(blocks: types.KnownBlock[]): boolean {
  return blocks.length <= SLACK_LIMITS.blocks && blocksTextLength(blocks) <= SLACK_LIMITS.messageText;
}
