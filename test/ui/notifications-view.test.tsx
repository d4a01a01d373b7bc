import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import type { DeliveryRecord } from '../../source/core/delivery-record.js';
import { messageEntries } from '../../source/state/notification-list.js';
import { fleetStore } from '../helpers/fleet.js';
import { KEY, renderApp } from '../helpers/render-app.js';

afterEach(() => cleanup());

const T = Date.parse('2026-01-01T11:50:00Z');

function record(messageId: string, record: DeliveryRecord['record'], seconds: number, patch: Partial<DeliveryRecord> = {}): DeliveryRecord {
  return {
    record, at: T + seconds * 1000, messageId, channel: 'ops-slack', channelType: 'slack', attempt: 1, reason: '',
    events: [{ kind: 'firing', alarmId: `${messageId}-api/High5xx`, route: 'team mwi' }], ...patch,
  };
}

/** Five messages: four delivered at the first try, one failed after two. */
const RECORDS: DeliveryRecord[] = [
  ...['m1', 'm2', 'm3', 'm4'].flatMap((id, i) => [record(id, 'queued', i * 10), record(id, 'attempt', i * 10 + 1), record(id, 'delivered', i * 10 + 2, { status: 200 })]),
  record('m5', 'queued', 50),
  record('m5', 'attempt', 51),
  record('m5', 'retrying', 52, { status: 503, reason: 'Service Unavailable' }),
  record('m5', 'attempt', 60, { attempt: 2 }),
  record('m5', 'failed', 61, { status: 503, reason: 'gave up after 2 attempts' }),
];

async function view() {
  const store = fleetStore();
  for (const r of RECORDS) store.getState().actions.recordDelivery(r, { 'ops-slack': 0 });
  store.getState().actions.openView('notifications');
  return renderApp(store, { columns: 120, rows: 24 });
}

describe('messageEntries', () => {
  it('makes one entry per message and channel, newest first, its last record its state', () => {
    const entries = messageEntries(RECORDS);
    expect(entries.map((e) => [e.records[0]!.messageId, e.last.record])).toEqual([
      ['m5', 'failed'],
      ['m4', 'delivered'],
      ['m3', 'delivered'],
      ['m2', 'delivered'],
      ['m1', 'delivered'],
    ]);
  });
});

describe('the notifications view', () => {
  it('gives each message one line with its final state', async () => {
    const app = await view();
    const lines = app.lines().filter((l) => /m\d-api/.test(l));
    expect(lines).toHaveLength(5);
    expect(lines[0]).toMatch(/^› 11:50:50 failed +ops-slack +503 \(2 tries\) firing m5-api\/High5xx via team mwi · gave up after 2 attempts/);
    expect(lines.slice(1).every((l) => / delivered +ops-slack +200 firing/.test(l))).toBe(true);
  });

  it('shows the selected message\'s attempts on Enter and hides them on Enter again', async () => {
    const app = await view();
    await app.press(KEY.enter);
    const open = await app.waitForFrame((f) => f.includes('retrying 503'), 'the attempts');
    for (const text of ['queued', 'attempt #1', 'retrying 503 · Service Unavailable', 'attempt #2', 'failed 503 · gave up']) expect(open).toContain(text);
    await app.press(KEY.enter);
    await app.waitForFrame((f) => !f.includes('retrying 503'), 'the attempts hidden');
  });

  it('moves with j and filters with /', async () => {
    const app = await view();
    await app.press('j', KEY.enter);
    await app.waitForFrame((f) => f.includes('attempt #1') && f.split('\n').some((l) => l.startsWith('›') && l.includes('m4-api')), 'm4 open');
    await app.press('/');
    await app.type('m2-api');
    const frame = await app.waitForFrame((f) => f.includes('Messages (1)'), 'one message');
    expect(frame).toContain('m2-api');
  });
});
