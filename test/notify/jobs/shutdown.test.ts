import { describe, expect, it } from 'vitest';
import { withDeadline } from '../../../source/notify/jobs/shutdown.js';
import { ManualClock } from '../../helpers/manual-clock.js';
import { T0 } from '../helpers.js';

describe('shutdown deadline', () => {
  it('gives up waiting at the deadline on the injected clock', async () => {
    const clock = new ManualClock(T0);
    let done = false;
    const waiting = withDeadline(clock, 5_000, new Promise(() => undefined)).then(() => (done = true));
    clock.advance(4_999);
    await Promise.resolve();
    expect(done).toBe(false);
    clock.advance(1);
    await waiting;
    expect(done).toBe(true);
  });

  it('returns as soon as the work is done, without the clock moving', async () => {
    const clock = new ManualClock(T0);
    await withDeadline(clock, 5_000, Promise.resolve());
    expect(clock.now()).toBe(T0);
  });
});
