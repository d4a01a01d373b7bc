import { describe, expect, it } from 'vitest';
import { createRuntime } from '../../source/engine/runtime.js';
import { HistoryDb } from '../../source/persistence/history-db.js';
import { alarmDetailLines } from '../../source/ui/alarm-detail.js';
import { createPainter } from '../../source/ui/paint.js';
import type { Theme } from '../../source/ui/theme.js';
import { configFrom, MINUTE, unavailable } from '../alerts/fixtures.js';
import { ManualClock } from '../helpers/manual-clock.js';
import { useTempDir } from '../helpers/temp-dir.js';

const tempDir = useTempDir('api-health-warm-timeline-');
const T = Date.UTC(2026, 0, 1, 12);
const ALARM = 'page-api/LowAvailability';

/** A delivery note as the history writer keeps it: one per alarm the message carried. */
const delivery = (at: number, messageId: string, event: string) => ({
  at,
  kind: 'delivery' as const,
  alarmId: ALARM,
  detail: { record: 'delivered', channel: 'desk', channelType: 'webhook', messageId, attempt: 1, reason: '', event },
});

describe('the alarm detail after a restart', () => {
  it('is rebuilt from the state directory: the ack from events.jsonl, only this episode\'s deliveries from history.db', async () => {
    const dir = tempDir();
    const clock = new ManualClock(T);
    const first = createRuntime(configFrom(), { clock, user: 'alice', stateDir: dir, persist: true });
    first.alarmService.evaluate(clock.now(), { 'page-api': unavailable(0.5) });
    clock.advance(MINUTE);
    first.alarmService.evaluate(clock.now(), { 'page-api': unavailable(0.5) });
    const startedAt = first.store.getState().alarms[0]!.alarm.startedAt;
    clock.advance(MINUTE);
    first.alarmService.handle({ type: 'acknowledge', alarmIds: [ALARM], note: 'rolling back deploy 42' });
    await first.stop();
    // The same alarm's earlier episode was delivered an hour ago; this one a minute after it began.
    const db = HistoryDb.open(dir, clock.now());
    db.write([], [delivery(T - 60 * MINUTE, 'earlier', 'firing'), delivery(startedAt + MINUTE, 'this', 'firing')]);
    db.close();

    clock.advance(5 * MINUTE);
    const second = createRuntime(configFrom(), { clock, user: 'alice', stateDir: dir, persist: true });
    const state = second.store.getState();
    expect(state.notifications.recent.map((d) => d.messageId)).toEqual(['this']);
    const lines = alarmDetailLines(
      { view: state.alarms[0]!, config: state.config, log: state.alarmLog, deliveries: state.notifications.recent, now: clock.now() },
      createPainter({} as Theme, false),
    ).join('\n');
    expect(lines).toContain('acknowledged by alice "rolling back deploy 42"');
    expect(lines.split('Deliveries')[1]).toMatch(/desk \(webhook\) firing: delivered/);
    await second.stop();
  });

  it('lists only the deliveries of the episode shown, not an earlier firing of the same alarm', () => {
    const clock = new ManualClock(T);
    const runtime = createRuntime(configFrom(), { clock, user: 'alice' });
    runtime.alarmService.evaluate(clock.now(), { 'page-api': unavailable(0.5) });
    const view = runtime.store.getState().alarms[0]!;
    const record = (at: number, messageId: string) => ({ record: 'delivered' as const, at, messageId, channel: 'desk', channelType: 'webhook', events: [{ kind: 'firing' as const, alarmId: ALARM, route: 'mwi' }], attempt: 1, reason: '' });
    const lines = alarmDetailLines(
      { view, config: runtime.store.getState().config, log: [], deliveries: [record(T - 30 * MINUTE, 'old'), record(T + 1_000, 'new')], now: T + 2_000 },
      createPainter({} as Theme, false),
    );
    expect(lines.filter((l) => l.includes('desk (webhook)'))).toHaveLength(1);
  });
});
