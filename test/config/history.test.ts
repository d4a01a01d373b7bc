import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../source/config/load.js';

const API = 'apis:\n  a: { url: "http://127.0.0.1:1/a" }\n';
const parse = (history: string) => parseConfigText(`history: ${history}\n${API}`, 'test.yaml', {});

describe('history', () => {
  it('keeps minute rows 48h and hour rows 400d when not set', () => {
    expect(parseConfigText(API, 'test.yaml', {}).history).toEqual({ fineMs: 48 * 3_600_000, coarseMs: 400 * 86_400_000 });
  });

  it('takes both retentions as durations', () => {
    expect(parse('{ fine: 6h, coarse: 90d }').history).toEqual({ fineMs: 6 * 3_600_000, coarseMs: 90 * 86_400_000 });
  });

  it('fills the one not given from the default', () => {
    expect(parse('{ coarse: 30d }').history).toEqual({ fineMs: 48 * 3_600_000, coarseMs: 30 * 86_400_000 });
  });

  it('is turned off with "off"', () => {
    expect(parse('off').history).toBe(false);
  });

  it.each([
    ['a malformed duration', '{ fine: 2 days }', /history\.fine: invalid duration/],
    ['minute rows kept less than an hour', '{ fine: 10m }', /history\.fine: keep the minute rows at least 1h/],
    ['an unknown key', '{ raw: 7d }', /history/],
    ['another word than off', 'none', /history/],
  ])('refuses %s, naming the key', (_name, value, message) => {
    expect(() => parse(value)).toThrow(message);
  });
});
