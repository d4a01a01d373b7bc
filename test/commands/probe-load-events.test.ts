import { describe, expect, it } from 'vitest';
import type { ProbeLoad } from '../../source/core/probe-load.js';
import { LoadReporter } from '../../source/commands/probe-load-events.js';

const limits = { concurrency: 64, perHostConcurrency: 1 };
const skipping: ProbeLoad = { windowMs: 60_000, due: 12_000, skipped: 6_840, late: 4_000, skippedBy: 'concurrency', lateBy: 'concurrency' };
const keepingUp: ProbeLoad = { windowMs: 60_000, due: 12_000, skipped: 0, late: 0, skippedBy: undefined, lateBy: undefined };

/** Feeds the reporter one load per flush (every 250 ms) from `from` to `to`, and returns the events' kinds with their times. */
function feed(reporter: LoadReporter, load: ProbeLoad, from: number, to: number): [number, string][] {
  const events: [number, string][] = [];
  for (let now = from; now < to; now += 250) {
    const event = reporter.observe(load, now);
    if (event) events.push([now, event.kind]);
  }
  return events;
}

describe('LoadReporter (monitor probe_load events)', () => {
  it('reports once when probes start being skipped, then one summary a minute, not one per flush', () => {
    const reporter = new LoadReporter(limits);
    expect(feed(reporter, skipping, 0, 150_000)).toEqual([
      [0, 'started'],
      [60_000, 'ongoing'],
      [120_000, 'ongoing'],
    ]);
  });

  it('carries the warning text and the setting to change', () => {
    expect(new LoadReporter(limits).observe(skipping, 0)?.warning).toMatchObject({ text: '57% probes skipped: raise defaults.concurrency (64)', setting: 'defaults.concurrency' });
  });

  it('says it has ended once the scheduler kept up for a minute, and starts again on the next episode', () => {
    const reporter = new LoadReporter(limits);
    feed(reporter, skipping, 0, 1_000);
    expect(feed(reporter, keepingUp, 1_000, 100_000)).toEqual([[61_000, 'ended']]);
    expect(feed(reporter, skipping, 100_000, 101_000)).toEqual([[100_000, 'started']]);
  });

  it('says nothing for a scheduler that always kept up', () => {
    expect(feed(new LoadReporter(limits), keepingUp, 0, 200_000)).toEqual([]);
  });
});
