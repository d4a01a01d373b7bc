import { describe, expect, it } from 'vitest';
import { FLAP_MIN_TRANSITIONS, FLAP_WINDOW_MS, isFlappingNow, recordFlip } from '../../source/alerts/flapping.js';

const T0 = Date.UTC(2026, 0, 1);
const MINUTE = 60_000;

describe('recordFlip', () => {
  it('keeps no more flips than it takes to call an alarm flapping: the next one evicts the oldest', () => {
    let flips: number[] = [];
    for (let i = 0; i < FLAP_MIN_TRANSITIONS; i++) flips = recordFlip(flips, T0 + i * MINUTE);
    const next = recordFlip(flips, T0 + FLAP_MIN_TRANSITIONS * MINUTE);
    expect(next).toEqual([...flips.slice(1), T0 + FLAP_MIN_TRANSITIONS * MINUTE]);
  });

  it('stays bounded however long an alarm flaps', () => {
    let flips: number[] = [];
    for (let i = 0; i < 10_000; i++) flips = recordFlip(flips, T0 + i * 1_000);
    expect(flips).toHaveLength(FLAP_MIN_TRANSITIONS);
    expect(flips.at(-1)).toBe(T0 + 9_999 * 1_000);
  });

  it('drops flips older than the window', () => {
    expect(recordFlip([T0, T0 + MINUTE], T0 + FLAP_WINDOW_MS + 1)).toEqual([T0 + MINUTE, T0 + FLAP_WINDOW_MS + 1]);
  });

  it('judges flapping as it did with every flip kept', () => {
    let kept: number[] = [];
    const every: number[] = [];
    for (let i = 0; i < 40; i++) {
      const at = T0 + i * 7 * MINUTE;
      kept = recordFlip(kept, at);
      every.push(at);
      expect(isFlappingNow(kept, at)).toBe(isFlappingNow(every, at));
    }
  });
});
