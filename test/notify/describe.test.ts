import { describe, expect, it } from 'vitest';
import { eventPhrase } from '../../source/notify/describe.js';
import { slaText } from '../../source/notify/sla-text.js';
import { toMessageItem } from '../../source/notify/stages/route.js';
import { alarm, config, event, T0 } from './helpers.js';

const cfg = config('');

describe('how events read', () => {
  it.each([
    [event('firing'), 'firing'],
    [event('acknowledged', alarm(), { actor: 'ana', note: 'looking' }), 'acknowledged by ana (looking)'],
    [event('unacknowledged', alarm(), { actor: 'bo' }), 'no longer acknowledged by bo'],
    [event('escalated', alarm(), { escalationLevel: 2, escalationTarget: 'MWI manager' }), 'escalated to MWI manager (level 2)'],
    [event('reminder'), 'still firing'],
    [event('resolved'), 'resolved'],
  ])('%#: %s', (e, phrase) => {
    expect(eventPhrase(toMessageItem(e, cfg, 'routes[0]', T0))).toBe(phrase);
  });
});

describe('SLA clock text', () => {
  it('counts down triage until acknowledged, then resolution, and marks a breach', () => {
    expect(slaText(alarm(), cfg, T0 + 3 * 60_000)).toBe('triage due in 12m');
    expect(slaText(alarm(), cfg, T0 + 27 * 60_000)).toBe('SLA BREACH: triage overdue 12m');
    expect(slaText(alarm({ ack: { by: 'ana', at: T0 } }), cfg, T0 + 3_600_000)).toBe('resolve due in 23h');
    expect(slaText(alarm({ state: 'resolved' }), cfg, T0)).toBeUndefined();
  });
});
