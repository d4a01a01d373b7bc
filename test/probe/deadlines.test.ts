import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Deadlines } from '../../source/probe/deadlines.js';

describe('Deadlines', () => {
  let expired: { item: string; timeoutMs: number; at: number }[];
  let deadlines: Deadlines<string>;

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'], now: 0 });
    expired = [];
    deadlines = new Deadlines<string>((item, timeoutMs) => expired.push({ item, timeoutMs, at: Date.now() }), () => Date.now());
  });

  afterEach(() => {
    deadlines.clear();
    vi.useRealTimers();
  });

  it('expires an item at its deadline and not before', () => {
    deadlines.add('a', 1_000);
    vi.advanceTimersByTime(999);
    expect(expired).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(expired).toEqual([{ item: 'a', timeoutMs: 1_000, at: 1_000 }]);
    expect(deadlines.size).toBe(0);
  });

  it('never expires an item deleted before its deadline', () => {
    deadlines.add('a', 1_000);
    vi.advanceTimersByTime(500);
    deadlines.delete('a', 1_000);
    vi.advanceTimersByTime(5_000);
    expect(expired).toEqual([]);
  });

  it('expires each item of one length at its own deadline, in the order they were added', () => {
    deadlines.add('a', 100);
    vi.advanceTimersByTime(10);
    deadlines.add('b', 100);
    vi.advanceTimersByTime(10);
    deadlines.add('c', 100);
    deadlines.delete('a', 100);
    vi.advanceTimersByTime(500);
    expect(expired.map((e) => [e.item, e.at])).toEqual([
      ['b', 110],
      ['c', 120],
    ]);
  });

  it('expires a shorter timeout added later before a longer one added first', () => {
    deadlines.add('slow', 5_000);
    vi.advanceTimersByTime(100);
    deadlines.add('quick', 200);
    vi.advanceTimersByTime(10_000);
    expect(expired.map((e) => [e.item, e.at])).toEqual([
      ['quick', 300],
      ['slow', 5_000],
    ]);
  });

  it('keeps expiring items added after the earlier ones have ended', () => {
    deadlines.add('a', 100);
    deadlines.delete('a', 100);
    vi.advanceTimersByTime(50);
    deadlines.add('b', 100);
    vi.advanceTimersByTime(200);
    expect(expired.map((e) => [e.item, e.at])).toEqual([['b', 150]]);
  });

  it('forgets every item when cleared', () => {
    deadlines.add('a', 100);
    deadlines.add('b', 300);
    deadlines.clear();
    vi.advanceTimersByTime(1_000);
    expect(expired).toEqual([]);
    expect(deadlines.size).toBe(0);
  });
});
