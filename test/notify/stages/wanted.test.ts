import { describe, expect, it } from 'vitest';
import type { AlarmEvent } from '../../../source/core/alarm.js';
import { wanted } from '../../../source/notify/stages/wanted.js';
import { event } from '../helpers.js';

describe('drop-unwanted stage', () => {
  it('drops resolutions when notifications.resolved is false', () => {
    const out: AlarmEvent[][] = [];
    wanted({ resolved: false }).run([event('firing'), event('resolved')], (e) => out.push(e));
    expect(out.map((events) => events.map((e) => e.kind))).toEqual([['firing']]);
  });

  it('keeps resolutions when notifications.resolved is true', () => {
    const out: AlarmEvent[][] = [];
    wanted({ resolved: true }).run([event('resolved')], (e) => out.push(e));
    expect(out).toHaveLength(1);
  });

  it('hands on nothing when nothing is left', () => {
    const out: AlarmEvent[][] = [];
    wanted({ resolved: false }).run([event('resolved')], (e) => out.push(e));
    expect(out).toEqual([]);
  });
});
