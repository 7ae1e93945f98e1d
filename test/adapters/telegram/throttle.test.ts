/** Pacing sends to Telegram's limits, with a fake clock: no waiting in the test. */
import { describe, expect, it } from 'vitest';
import { createScheduler } from '../../../adapters/telegram/throttle.js';

describe('Telegram send pacing', () => {
  it('lets a private chat burst three messages, then one a second', () => {
    const t = 0;
    const s = createScheduler({ now: () => t });
    expect([1, 2, 3, 4, 5].map(() => s.delayFor(10))).toEqual([0, 0, 0, 1000, 2000]);
  });

  it('lets a group have 20 a minute', () => {
    const s = createScheduler({ now: () => 0 });
    const delays = Array.from({ length: 21 }, () => s.delayFor(-100));
    expect(delays.slice(0, 20).every((d) => d === 0)).toBe(true);
    expect(delays[20]).toBe(3000);
  });

  it('holds every chat to the global rate, and refills with time', () => {
    let t = 0;
    const s = createScheduler({ now: () => t, perSecond: 30 });
    const delays = Array.from({ length: 31 }, (_, i) => s.delayFor(1000 + i));
    expect(delays.slice(0, 30).every((d) => d === 0)).toBe(true);
    expect(delays[30]).toBe(34);
    t = 10_000;
    expect(s.delayFor(5000)).toBe(0);
  });
});
