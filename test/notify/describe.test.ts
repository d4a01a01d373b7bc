import { describe, expect, it } from 'vitest';
import { eventPhrase, itemLine } from '../../source/notify/describe.js';
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

describe('how a resolution reads', () => {
  const withRule = config('rules:\n  - { name: High5xx, metric: error_rate_5xx, above: 10%, resolveAfter: 2m, severity: critical }\n');
  const resolved = alarm({ state: 'resolved', value: 0, threshold: 0.1, resolvedAt: T0, summary: '5xx rate 0% above 10%' });

  it('says the value is back on the good side of the threshold, for the rule\'s resolveAfter', () => {
    expect(itemLine(toMessageItem(event('resolved', resolved), withRule, 'routes[0]', T0))).toBe('[CRITICAL] Search API High5xx resolved: 5xx rate 0%, below 10% for 2m');
  });

  it('a firing alarm still reads as its breach', () => {
    expect(itemLine(toMessageItem(event('firing', alarm({ threshold: 0.1, value: 0.16 })), withRule, 'routes[0]', T0))).toBe('[CRITICAL] Search API High5xx firing: 5xx rate 16% above 10%');
  });
});
