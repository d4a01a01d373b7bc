import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../helpers/manual-clock.js';
import { routing, type RoutedItem } from '../../../source/notify/stages/route.js';
import { alarm, config, event, T0 } from '../helpers.js';

const cfg = config(`channels:
  a: { type: terminal }
  b: { type: terminal }
  c: { type: terminal }
routes:
  - match: { severity: page }
    notify: [a]
  - notify: [b, c]
`);

describe('route stage', () => {
  it('hands on one item per channel the matching route names, labelled with that route', () => {
    const out: RoutedItem[] = [];
    routing(cfg, new ManualClock(T0)).run([event('firing')], (r) => out.push(...r));
    expect(out.map((r) => [r.channel, r.item.route])).toEqual([
      ['b', 'routes[1]'],
      ['c', 'routes[1]'],
    ]);
  });

  it('renders the SLA clock as of the clock\'s time', () => {
    const clock = new ManualClock(T0);
    clock.advance(10 * 60_000);
    const out: RoutedItem[] = [];
    routing(cfg, clock).run([event('firing', alarm({ severity: 'page' }))], (r) => out.push(...r));
    expect(out.map((r) => r.channel)).toEqual(['a']);
    expect(out[0]!.item.sla).toBe('SLA BREACH: triage overdue 5m');
  });
});
