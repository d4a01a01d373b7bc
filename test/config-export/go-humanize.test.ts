import { describe, expect, it } from 'vitest';
import { goFormat4g, humanize, humanizeDuration, humanizePercentage } from '../../source/config-export/go-humanize.js';

describe('Prometheus template functions, as Go renders them', () => {
  it.each([
    [1, '1'],
    [0.95, '0.95'],
    [8.998263888, '8.998'],
    [123456, '1.235e+05'],
    [0.00001234, '1.234e-05'],
  ])('formats %d with %%.4g as %s', (value, text) => {
    expect(goFormat4g(value)).toBe(text);
  });

  it.each([
    [0, '0'],
    [1234567, '1.235M'],
    [0.0123, '12.3m'],
    [11, '11'],
  ])('humanizes %d as %s', (value, text) => {
    expect(humanize(value)).toBe(text);
  });

  it.each([
    [0, '0s'],
    [30, '30s'],
    [1.5, '1.5s'],
    [0.05, '50ms'],
    [3661, '1h 1m 1s'],
    [90061, '1d 1h 1m 1s'],
  ])('humanizes %d seconds as %s', (value, text) => {
    expect(humanizeDuration(value)).toBe(text);
  });

  it.each([
    [1, '100%'],
    [0, '0%'],
    [0.04, '4%'],
  ])('humanizes the ratio %d as %s', (value, text) => {
    expect(humanizePercentage(value)).toBe(text);
  });
});
