/**
 * Remembers which questions were already answered. Slack re-sends an event it thinks failed
 * (`X-Slack-Retry-Num`: at once, after a minute, after five) and one message can arrive both as
 * `app_mention` and as `message`; each must be answered once.
 */
export class Deduper {
  private readonly seen = new Map<string, number>();

  /**
   * @param ttlMs how long a key is remembered; Slack's last retry comes about five minutes after the first try.
   * @param maxKeys bound on memory; the oldest keys are forgotten first.
   * @param now clock, for tests.
   */
  constructor(
    private readonly ttlMs = 60 * 60 * 1000,
    private readonly maxKeys = 50_000,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Claims a delivery by all its keys at once (e.g. the event id and `channel:ts`). Returns false
   * when any key was already claimed: the delivery is a duplicate. Either way every key is recorded,
   * so a message seen under one key is recognised later under the other.
   */
  claim(...keys: string[]): boolean {
    const now = this.now();
    this.expire(now);
    const fresh = keys.every((k) => !this.seen.has(k));
    for (const k of keys) {
      this.seen.delete(k);
      this.seen.set(k, now);
    }
    while (this.seen.size > this.maxKeys) this.seen.delete(this.seen.keys().next().value!);
    return fresh;
  }

  private expire(now: number): void {
    // Map iteration is insertion order and claim() re-inserts, so the oldest keys come first.
    for (const [key, at] of this.seen) {
      if (now - at < this.ttlMs) break;
      this.seen.delete(key);
    }
  }
}
