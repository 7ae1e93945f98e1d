/**
 * Slack events → questions → the core → rendered answers back to Slack. This file registers the
 * listeners (mentions and DMs in `messages.ts`, `/plan` and its share button in `command.ts`) over
 * one shared context; they only route and transport: the core decides what the answer says and
 * `render.ts` how it looks.
 */
import type { App } from '@slack/bolt';
import { JsonFileStore } from '../../src/state/conversation-store.js';
import { MemoryState } from '../../src/state/memory-state.js';
import { registerCommandListeners } from './command.js';
import type { HandlerContext, HandlerDeps } from './context.js';
import { registerMessageListeners } from './messages.js';

/** Handle on the registered listeners. */
export interface Handlers {
  /** Resolves when every question being handled has been answered (for graceful shutdown and tests). */
  idle(): Promise<void>;
}

/**
 * Registers the mention, DM, `/plan` and "Share in channel" listeners on a Bolt app.
 */
export function registerHandlers(app: App, deps: HandlerDeps): Handlers {
  const inflight = new Set<Promise<unknown>>();
  const ctx: HandlerContext = {
    ...deps,
    state: deps.state ?? new MemoryState(),
    conversations: deps.conversations ?? new JsonFileStore(undefined),
    async track(work: () => Promise<void>): Promise<void> {
      const p = work();
      inflight.add(p);
      try {
        await p;
      } finally {
        inflight.delete(p);
      }
    },
  };
  registerMessageListeners(app, ctx);
  registerCommandListeners(app, ctx);

  return {
    async idle(): Promise<void> {
      while (inflight.size > 0) await Promise.allSettled([...inflight]);
    },
  };
}
