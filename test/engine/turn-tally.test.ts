import { describe, expect, it } from 'vitest';
import { TurnTally } from '../../source/engine/turn-tally.js';

describe('TurnTally', () => {
  it('sums the last minute: turns due, skipped and late, with what held most of them back', () => {
    const tally = new TurnTally(0);
    for (let at = 0; at < 10_000; at += 100) tally.due(at);
    for (let at = 0; at < 3_000; at += 100) tally.skipped(at, 'concurrency');
    tally.skipped(5_000, 'overrun');
    tally.late(6_000, 'per_host');
    expect(tally.recent(10_000)).toEqual({ windowMs: 10_000, due: 100, skipped: 31, late: 1, skippedBy: 'concurrency', lateBy: 'per_host' });
  });

  it('forgets turns older than a minute, so the share clears soon after a fix', () => {
    const tally = new TurnTally(0);
    tally.due(1_000);
    tally.skipped(1_000, 'concurrency');
    tally.due(61_500);
    expect(tally.recent(61_500)).toMatchObject({ windowMs: 60_000, due: 1, skipped: 0, skippedBy: undefined });
  });

  it('keeps totals since the start for the /metrics counters', () => {
    const tally = new TurnTally(0);
    for (let at = 0; at < 120_000; at += 1_000) {
      tally.due(at);
      tally.skipped(at, 'per_host');
    }
    tally.late(120_000, 'concurrency');
    expect(tally.total()).toEqual({ due: 120, skipped: { concurrency: 0, per_host: 120, overrun: 0 }, late: 1 });
  });
});
