import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import type { Alarm } from '../../source/core/alarm.js';
import type { AlarmView } from '../../source/state/alarm-view.js';
import { createFleetStore } from '../../source/state/store.js';
import { clearingText } from '../../source/ui/alarm-text.js';
import { configFrom, MINUTE } from '../alerts/fixtures.js';
import { renderApp } from '../helpers/render-app.js';

afterEach(() => cleanup());

/** What renderApp's clock says; the alarms fired 20 minutes before. */
const NOW = Date.parse('2026-01-01T12:00:01Z');
const START = NOW - 20 * MINUTE;
/** Five APIs whose names differ only at the end, as the demo's "Wikimedia REST - …" do. */
const config = configFrom(`
teams:
  ctt: { name: Core Platform, sla: strict }
sla:
  strict:
    critical: { triage: 5m, escalate: 30m, resolve: 4h }
    page: { triage: 2m, escalate: 10m, resolve: 1h }
rules:
  - { name: High5xx, metric: error_rate_5xx, above: 10%, for: 1m, resolveAfter: 2m, severity: critical }
apis:
${['feed availability', 'media list', 'mobile html', 'page html', 'summary'].map((n, i) => `  r${i}: { name: "Wikimedia REST - ${n}", owner: ctt, url: "http://127.0.0.1:1/${i}" }`).join('\n')}
`);

function alarm(apiId: string, patch: Partial<Alarm> = {}): Alarm {
  return {
    id: `${apiId}/High5xx`, apiId, team: 'ctt', rule: 'High5xx', metric: 'error_rate_5xx', severity: 'critical', state: 'firing', comparison: 'above',
    value: 0.25, threshold: 0.1, since: START, startedAt: START, firingAt: START, transitions: [], flapping: false, escalationLevel: 0, summary: '', ...patch,
  };
}

async function alarmsView(views: AlarmView[], columns: number): Promise<string[]> {
  const store = createFleetStore(config, { now: START });
  store.getState().actions.applyAlarms(views, views.flatMap((v) => (v.mute ? [v.mute] : [])));
  store.getState().actions.openView('alarms');
  const app = await renderApp(store, { columns });
  return app.lines();
}

const row = (lines: string[], name: string): string => lines.find((l) => l.includes(name)) ?? '';

describe('the alarms view layout', () => {
  it.each([80, 100, 120])('at %i columns names each of five APIs of one family by what tells it apart, after its family', async (columns) => {
    const lines = await alarmsView(config.apis.map((api) => ({ alarm: alarm(api.id) })), columns);
    for (const name of ['feed availability', 'media list', 'mobile html', 'page html', 'summary']) {
      expect(lines.filter((l) => l.includes(` ${name} `)), name).toHaveLength(1);
    }
  });

  it('keeps the severity (as its symbol), the value and the age at 80 columns', async () => {
    const lines = await alarmsView([{ alarm: alarm('r2') }], 80);
    const line = row(lines, 'mobile html');
    expect(line.startsWith('›! FIRING')).toBe(true);
    expect(line).toContain('25% > 10%');
    expect(line.trimEnd()).toMatch(/ 20m$/);
    expect(line.length).toBeLessThanOrEqual(80);
  });

  it('says an overdue SLA clock in full at 120 columns, and its overdue time at 80', async () => {
    expect(row(await alarmsView([{ alarm: alarm('r0') }], 120), 'feed availability')).toContain('SLA BREACH: triage overdue 15m');
    expect(row(await alarmsView([{ alarm: alarm('r0') }], 80), 'feed availability')).toContain('BREACH +15m');
  });

  it('writes state and SLA compactly at 100 columns: FIRING, ACKED alice, BREACH triage +15m', async () => {
    const lines = await alarmsView([{ alarm: alarm('r0') }, { alarm: alarm('r1', { ack: { by: 'alice', at: START + MINUTE } }) }], 100);
    expect(row(lines, 'feed availability')).toMatch(/FIRING .*BREACH triage \+15m/);
    expect(row(lines, 'media list')).toMatch(/ACKED alice .*resolve 3h4\dm/);
  });

  it('says RESOLVED for a resolved alarm that a mute still covers', async () => {
    const mute = { id: 'm1', scope: { kind: 'api' as const, apiId: 'r3' }, createdAt: START, until: START + 3_600_000, by: 'bob' };
    const lines = await alarmsView([{ alarm: alarm('r3', { state: 'resolved', resolvedAt: START + 10 * MINUTE, value: 0.01 }), mute }], 120);
    expect(row(lines, 'page html')).toContain('RESOLVED');
    expect(row(lines, 'page html')).not.toContain('MUTED');
  });

  it('says CLEARING and ≤ for a firing alarm whose value is back under the threshold', async () => {
    const lines = await alarmsView([{ alarm: alarm('r4', { value: 0.083 }) }], 120);
    expect(row(lines, 'summary')).toMatch(/CLEARING .*8\.3% ≤ 10%/);
  });

  it('says how long a clearing alarm has been clear, of how long it must be', () => {
    const view = { alarm: alarm('r4', { value: 0.083 }), clearing: { since: NOW - 40_000, resolveAfterMs: 120_000 } };
    expect(clearingText(view, NOW)).toBe('clearing: 8.3% ≤ 10% for 40s of 2m');
  });
});
