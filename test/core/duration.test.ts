import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from '../../source/core/duration.js';

describe('parseDuration', () => {
  it.each([
    ['500ms', 500],
    ['10s', 10_000],
    ['5m', 300_000],
    ['1h', 3_600_000],
    ['2d', 172_800_000],
    ['1.5s', 1_500],
    ['1h30m', 5_400_000],
    [' 10s ', 10_000],
  ])('%j is %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', '10', 's', '10 s', '10sec', '-5s', '5x', '1h 30m', 'soon'])('%j is not a duration', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });
});

describe('formatDuration', () => {
  it.each([
    [500, '500ms'],
    [10_000, '10s'],
    [300_000, '5m'],
    [5_400_000, '1h30m'],
    [172_800_000, '2d'],
    [90_061_000, '1d1h'],
  ])('%d ms reads %j', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});
