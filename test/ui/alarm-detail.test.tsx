import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { createRuntime } from '../../source/engine/runtime.js';
import { configFrom, failing5xx, MINUTE, unavailable } from '../alerts/fixtures.js';
import { ManualClock } from '../helpers/manual-clock.js';
import { renderApp } from '../helpers/render-app.js';

afterEach(() => cleanup());

/** renderApp's clock. */
const NOW = Date.parse('2026-01-01T12:00:01Z');

/** page-api fires LowAvailability (no `for`), alice acknowledges it with a note, bob mutes its team. */
function incident() {
  const clock = new ManualClock(NOW - 10 * MINUTE);
  const runtime = createRuntime(configFrom(), { clock, user: 'alice' });
  const service = runtime.alarmService;
  service.evaluate(clock.now(), { 'page-api': unavailable(0.5) });
  clock.advance(MINUTE);
  service.evaluate(clock.now(), { 'page-api': unavailable(0.5) });
  clock.advance(2 * MINUTE);
  service.handle({ type: 'acknowledge', alarmIds: ['page-api/LowAvailability'], note: 'rolling back deploy 42' });
  clock.advance(MINUTE);
  service.handle({ type: 'mute', scope: { kind: 'team', team: 'mwi' }, durationMs: 3_600_000, reason: 'maintenance' });
  return runtime;
}

describe('the alarm detail', () => {
  it('opens with Enter in the alarms view and tells the story: ack note, mute, timeline, SLA', async () => {
    const runtime = incident();
    const app = await renderApp(runtime.store, { columns: 140, rows: 40 });
    await app.press('A');
    await app.waitForFrame((f) => f.includes('Alarms (1)'), 'the alarms view');
    await app.press('\r');
    const frame = await app.waitForFrame((f) => f.includes('Timeline'), 'the alarm detail');
    expect(frame).toContain('LowAvailability on page-api');
    expect(frame).toMatch(/Ack +alice at \d\d:\d\d:\d\d "rolling back deploy 42"/);
    expect(frame).toMatch(/Muted +team mwi by alice until \d\d:\d\d "maintenance"/);
    expect(frame).toMatch(/SLA +standard|SLA +no SLA/);
    const timeline = frame.split('Timeline')[1]!;
    const order = ['firing', 'acknowledged by alice "rolling back deploy 42"', 'muted (team mwi) by alice'].map((text) => timeline.indexOf(text));
    expect(order.every((at) => at >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    await app.press('\u001b');
    await app.waitForFrame((f) => f.includes('Alarms (1)'), 'back in the alarms view');
    await runtime.stop();
  });

  it('says firing (no data), not the last value as if current, while the rule has no samples to judge', async () => {
    const clock = new ManualClock(NOW - 10 * MINUTE);
    const runtime = createRuntime(configFrom(), { clock, user: 'alice' });
    runtime.alarmService.evaluate(clock.now(), { 'page-api': unavailable(0.5) });
    clock.advance(MINUTE);
    // As after a restart: the alarm still fires, and no figures have come in since.
    runtime.alarmService.evaluate(clock.now(), {});
    const app = await renderApp(runtime.store, { columns: 140, rows: 40 });
    await app.press('A');
    await app.waitForFrame((f) => f.includes('Alarms (1)'), 'the alarms view');
    await app.press('\r');
    const frame = await app.waitForFrame((f) => f.includes('Timeline'), 'the alarm detail');
    expect(frame).toMatch(/Now +firing \(no data\): no fresh samples to judge yet; last judged /);
    await runtime.stop();
  });

  it("opens from the API's detail on that API's alarm", async () => {
    const runtime = incident();
    runtime.store.getState().actions.selectApi('page-api');
    const app = await renderApp(runtime.store, { columns: 140, rows: 40 });
    await app.press('\r');
    await app.waitForFrame((f) => f.includes('URL'), "the API's detail");
    await app.press('\r');
    await app.waitForFrame((f) => f.includes('Timeline') && f.includes('LowAvailability on page-api'), 'the alarm detail');
    await app.press('\u001b');
    await app.waitForFrame((f) => f.includes('URL'), "back in the API's detail");
    await runtime.stop();
  });

  it('says a clearing alarm is clearing, against its threshold, for how long of how long', async () => {
    // Fires after 1m20s, clear from 40 s before the frame's clock, the last evaluation at it.
    const clock = new ManualClock(NOW - 3 * MINUTE - 20_000);
    const runtime = createRuntime(configFrom(), { clock, user: 'alice' });
    for (const rate of [0.5, 0.5]) {
      runtime.alarmService.evaluate(clock.now(), { 'page-api': failing5xx(rate) });
      clock.advance(MINUTE + 20_000);
    }
    runtime.alarmService.evaluate(clock.now(), { 'page-api': failing5xx(0.01) });
    clock.advance(40_000);
    runtime.alarmService.evaluate(clock.now(), { 'page-api': failing5xx(0.01) });
    runtime.store.getState().actions.selectApi('page-api');
    const app = await renderApp(runtime.store, { columns: 140, rows: 40 });
    await app.press('A');
    await app.waitForFrame((f) => f.includes('CLEARING'), 'CLEARING in the alarms view');
    await app.press('\r');
    await app.waitForFrame((f) => f.includes('clearing: 1% ≤ 2% for 40s of 3m'), 'the clearing spell in the detail');
    await runtime.stop();
  });
});
