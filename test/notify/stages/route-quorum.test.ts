import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../helpers/manual-clock.js';
import { routing, type RoutedItem } from '../../../source/notify/stages/route.js';
import { config, event, T0 } from '../helpers.js';

/** `search` (team mwi) fires High5xx; the team's own channel is `owners`. */
function channelsFor(quorum: number, routes: string): string[] {
  const cfg = config(`channels:
  owners: { type: terminal }
  probers: { type: terminal }
rules:
  - { name: High5xx, metric: error_rate_5xx, above: 2%, quorum: ${quorum} }
${routes}`);
  const withOwners = { ...cfg, teams: cfg.teams.map((t) => (t.id === 'mwi' ? { ...t, notify: ['owners'] } : t)) };
  const out: RoutedItem[] = [];
  routing(withOwners, new ManualClock(T0)).run([event('firing')], (r) => out.push(...r));
  return out.map((r) => r.channel);
}

describe('route stage with a quorum', () => {
  it("sends an alarm of a rule without more than one vantage's quorum to the team as before", () => {
    expect(channelsFor(1, '')).toEqual(['owners']);
  });

  it('never sends one process\'s alarm of a quorum rule to the owners: seen from here alone it is regional', () => {
    expect(channelsFor(2, '')).toEqual([]);
  });

  it('sends it to the routes that take regional alarms', () => {
    expect(channelsFor(2, 'routes:\n  - match: { scope: regional }\n    notify: [probers]\n')).toEqual(['probers']);
  });
});
