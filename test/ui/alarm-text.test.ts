import { describe, expect, it } from 'vitest';
import { ageText, alarmCounts, maintenanceText, rowAlarmStatus } from '../../source/ui/alarm-text.js';
import { clockTime } from '../../source/ui/clock-time.js';
import { alarm, T0 } from '../notify/helpers.js';

const until = T0 + 3_600_000;
const inMaintenance = { alarm: alarm({ maintenance: { name: 'weekly train deploy', until } }) };

describe('alarm text under maintenance', () => {
  it('says MAINTENANCE, until when and which window', () => {
    expect(maintenanceText({ name: 'weekly train deploy', until })).toBe(`MAINTENANCE until ${clockTime(until, false)} (weekly train deploy)`);
  });

  it('keeps terminal escapes in a window name from the terminal', () => {
    expect(maintenanceText({ name: 'deploy\u001b[2J', until })).not.toContain('\u001b');
  });

  it('shows it in the API row instead of FIRING', () => {
    expect(rowAlarmStatus([inMaintenance])).toEqual({ text: `MAINTENANCE until ${clockTime(until, false)} (weekly train deploy) High5xx`, role: 'dim' });
  });

  it('counts it with the muted, not the firing', () => {
    expect(alarmCounts([inMaintenance])).toMatchObject({ firing: 0, muted: 1 });
  });
});

describe('the alarms view cells', () => {
  it.each([
    { ms: 45_000, out: '45s' },
    { ms: 12 * 60_000 + 30_000, out: '12m' },
    { ms: 65 * 60_000 + 59_000, out: '1h5m' },
    { ms: 51 * 3_600_000, out: '2d3h' },
  ])('writes an age of $ms ms as $out', ({ ms, out }) => {
    expect(ageText(ms)).toBe(out);
  });
});
