import { describe, expect, it } from 'vitest';
import { fleetHealth, holdFailing, updateFleetHealth } from '../../source/state/fleet-health.js';
import { FLEET, FLEET_METRICS } from '../helpers/fleet.js';
import { failing, healthy } from '../helpers/summaries.js';

const apis = new Map(FLEET.apis.map((api) => [api.id, api]));

describe('fleet health', () => {
  it('counts APIs by health and the unassigned ones', () => {
    expect(fleetHealth(FLEET, FLEET_METRICS).counts).toEqual({ apis: 6, healthy: 3, degraded: 2, failing: 1, unknown: 0, unassigned: 1 });
  });

  it('counts APIs without samples as unknown', () => {
    expect(fleetHealth(FLEET, {}).counts).toMatchObject({ unknown: 6, healthy: 0 });
  });

  it('moves an API between counts when a flush changes its health', () => {
    const before = fleetHealth(FLEET, FLEET_METRICS);
    const after = updateFleetHealth(before, apis, { 'mw-page': failing() });
    expect(after.counts).toMatchObject({ healthy: 2, failing: 2 });
    expect(after.of.get('mw-page')).toBe('failing');
  });

  it('says which APIs a change moved and counts its versions', () => {
    const before = fleetHealth(FLEET, FLEET_METRICS);
    const after = updateFleetHealth(before, apis, { 'mw-page': failing(), portal: healthy() });
    expect([...after.changed]).toEqual(['mw-page']);
    expect(after.version).toBe(before.version + 1);
  });

  it('keeps the failing count still while one failed probe passes through an API\'s window', () => {
    const ok = healthy({ samples: 20, statusCounts: { '200': 20 } });
    const oneFailed = healthy({ samples: 21, errorRate: 1 / 21, errorRate5xx: 1 / 21, availability: 20 / 21, lastOutcome: 'http_5xx', lastStatus: 503 });
    const afterIt = healthy({ samples: 22, errorRate: 1 / 22, errorRate5xx: 1 / 22, availability: 21 / 22 });
    let health = fleetHealth(FLEET, FLEET_METRICS);
    const failingCounts = [health.counts.failing];
    for (const s of [ok, oneFailed, afterIt, afterIt, ok]) {
      health = updateFleetHealth(health, apis, { 'mw-page': s });
      failingCounts.push(health.counts.failing);
    }
    expect(failingCounts).toEqual([1, 1, 1, 1, 1, 1]);
  });

  it('is the same object when a flush changes figures but no health', () => {
    const before = fleetHealth(FLEET, FLEET_METRICS);
    expect(updateFleetHealth(before, apis, { 'mw-page': healthy({ latency: { p50: 41, p95: 91, p99: 121 } }) })).toBe(before);
  });

  it('agrees with a full count after a series of flushes', () => {
    let health = fleetHealth(FLEET, {});
    const metrics = {};
    for (const [id, summary] of Object.entries(FLEET_METRICS)) {
      Object.assign(metrics, { [id]: summary });
      health = updateFleetHealth(health, apis, { [id]: summary });
    }
    health = updateFleetHealth(health, apis, { portal: failing() });
    expect(health.counts).toEqual(fleetHealth(FLEET, { ...metrics, portal: failing() }).counts);
  });

  it('ignores summaries for APIs the config does not know', () => {
    const before = fleetHealth(FLEET, FLEET_METRICS);
    expect(updateFleetHealth(before, apis, { gone: failing() })).toBe(before);
  });
});

describe('an API with a firing alarm', () => {
  it('is held as failing while its figures read healthy (an alarm restored with no fresh data)', () => {
    const held = holdFailing(fleetHealth(FLEET, FLEET_METRICS), apis, FLEET_METRICS, new Set(['mw-page']));
    expect(held.of.get('mw-page')).toBe('failing');
    expect(held.counts).toMatchObject({ healthy: 2, failing: 2 });
  });

  it('is held as failing with no figures at all', () => {
    const held = holdFailing(fleetHealth(FLEET, {}), apis, {}, new Set(['mw-page']));
    expect(held.of.get('mw-page')).toBe('failing');
    expect(held.counts).toMatchObject({ unknown: 5, failing: 1 });
  });

  it('stays failing through flushes of healthy figures while the alarm fires', () => {
    const held = holdFailing(fleetHealth(FLEET, FLEET_METRICS), apis, FLEET_METRICS, new Set(['mw-page']));
    expect(updateFleetHealth(held, apis, { 'mw-page': healthy() }).of.get('mw-page')).toBe('failing');
  });

  it('goes back to what its figures say once the alarm no longer fires', () => {
    const held = holdFailing(fleetHealth(FLEET, FLEET_METRICS), apis, FLEET_METRICS, new Set(['mw-page']));
    const released = holdFailing(held, apis, FLEET_METRICS, new Set());
    expect(released.of.get('mw-page')).toBe(fleetHealth(FLEET, FLEET_METRICS).of.get('mw-page'));
    expect(released.counts).toEqual(fleetHealth(FLEET, FLEET_METRICS).counts);
  });
});
