import { describe, expect, it } from 'vitest';
import { alarmCounts, maintenanceText, rowAlarmStatus } from '../../source/ui/alarm-text.js';
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
