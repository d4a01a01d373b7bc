import { describe, expect, it } from 'vitest';
import type { ProbeLoad } from '../../source/core/probe-load.js';
import { loadWarning } from '../../source/text/probe-load-warning.js';

const limits = { concurrency: 64, perHostConcurrency: 1 };
const load = (patch: Partial<ProbeLoad>): ProbeLoad => ({ windowMs: 60_000, due: 12_000, skipped: 0, late: 0, skippedBy: undefined, lateBy: undefined, ...patch });

describe('loadWarning', () => {
  it('says what share of due probes was skipped and names the setting to raise', () => {
    expect(loadWarning(load({ skipped: 6_840, skippedBy: 'concurrency' }), limits)).toMatchObject({
      text: '57% probes skipped: raise defaults.concurrency (64)',
      reason: 'concurrency',
      setting: 'defaults.concurrency',
    });
  });

  it.each([
    { reason: 'per_host' as const, text: '10% probes skipped: raise defaults.perHostConcurrency (1) or lengthen interval', setting: 'defaults.perHostConcurrency' },
    { reason: 'overrun' as const, text: '10% probes skipped: probes outlast their interval: lengthen interval or shorten timeout', setting: 'interval' },
  ])('for $reason names $setting', ({ reason, text, setting }) => {
    expect(loadWarning(load({ skipped: 1_200, skippedBy: reason }), limits)).toMatchObject({ text, setting });
  });

  it('says probes run late when none are skipped but many wait', () => {
    expect(loadWarning(load({ late: 3_600, lateBy: 'concurrency' }), limits)?.text).toBe('30% probes late: raise defaults.concurrency (64)');
  });

  it.each([
    { what: 'a scheduler that keeps up', patch: {} },
    { what: 'a skipped share under 1%', patch: { skipped: 100, skippedBy: 'concurrency' as const } },
    { what: 'a late share under 10%', patch: { late: 1_000, lateBy: 'concurrency' as const } },
    { what: 'the first seconds of a run', patch: { windowMs: 4_000, skipped: 6_840, skippedBy: 'concurrency' as const } },
    { what: 'a fleet with nothing due', patch: { due: 0 } },
  ])('says nothing for $what', ({ patch }) => {
    expect(loadWarning(load(patch), limits)).toBeUndefined();
  });
});
