import { describe, expect, it } from 'vitest';
import { ConnectivityDetector } from '../../source/alerts/connectivity.js';
import type { Outcome } from '../../source/core/probe-sample.js';

const T0 = Date.UTC(2026, 11, 1, 14, 2);
/** Five APIs on four hosts: a, a2 share host-a. */
const APIS = [
  { id: 'a', host: 'host-a' },
  { id: 'a2', host: 'host-a' },
  { id: 'b', host: 'host-b' },
  { id: 'c', host: 'host-c' },
  { id: 'd', host: 'host-d' },
];
const detector = (threshold = 0.8): ConnectivityDetector => new ConnectivityDetector({ apis: APIS, threshold });
const probe = (d: ConnectivityDetector, outcomes: Record<string, Outcome>): void => {
  for (const [apiId, outcome] of Object.entries(outcomes)) d.record({ apiId, outcome });
};

describe('ConnectivityDetector', () => {
  it('goes offline when most APIs on at least 3 hosts fail with network errors at once', () => {
    const d = detector();
    probe(d, { a: 'dns', a2: 'connection_refused', b: 'timeout', c: 'reset', d: 'ok' });
    expect(d.evaluate(T0)).toEqual({ kind: 'offline', at: T0, spell: { since: T0 } });
    expect(d.current()).toEqual({ since: T0 });
  });

  it('reports going offline once, not on every evaluation', () => {
    const d = detector();
    probe(d, { a: 'dns', a2: 'dns', b: 'dns', c: 'dns', d: 'dns' });
    d.evaluate(T0);
    expect(d.evaluate(T0 + 10_000)).toBeUndefined();
    expect(d.current()).toEqual({ since: T0 });
  });

  it('stays online when the failing APIs are on fewer than 3 hosts', () => {
    const d = new ConnectivityDetector({ apis: APIS.slice(0, 4), threshold: 0.5 });
    probe(d, { a: 'timeout', a2: 'timeout', b: 'timeout', c: 'ok' });
    expect(d.evaluate(T0)).toBeUndefined();
    expect(d.current()).toBeUndefined();
  });

  it('stays online below the threshold', () => {
    const d = detector();
    probe(d, { a: 'dns', a2: 'ok', b: 'timeout', c: 'reset', d: 'ok' });
    expect(d.evaluate(T0)).toBeUndefined();
  });

  it('takes the configured threshold', () => {
    const d = detector(0.6);
    probe(d, { a: 'dns', a2: 'ok', b: 'timeout', c: 'reset', d: 'ok' });
    expect(d.evaluate(T0)?.kind).toBe('offline');
  });

  it('never counts HTTP 5xx, statuses or assertions: those are answers', () => {
    const d = detector();
    probe(d, { a: 'http_5xx', a2: 'http_5xx', b: 'unexpected_status', c: 'assertion', d: 'http_5xx' });
    expect(d.evaluate(T0)).toBeUndefined();
  });

  it('goes online again when the APIs answer, and remembers the spell', () => {
    const d = detector();
    probe(d, { a: 'dns', a2: 'dns', b: 'dns', c: 'dns', d: 'dns' });
    d.evaluate(T0);
    probe(d, { a: 'ok', b: 'http_5xx' });
    expect(d.evaluate(T0 + 60_000)).toEqual({ kind: 'online', at: T0 + 60_000, spell: { since: T0, until: T0 + 60_000 } });
    expect(d.current()).toBeUndefined();
    expect(d.lastEnded()).toEqual({ since: T0, until: T0 + 60_000 });
  });

  it('goes offline when the connectivity URL fails with a network error, whatever the APIs do', () => {
    const d = detector();
    probe(d, { a: 'ok', b: 'ok' });
    d.recordReference('timeout');
    expect(d.evaluate(T0)?.kind).toBe('offline');
    d.recordReference('ok');
    expect(d.evaluate(T0 + 1_000)?.kind).toBe('online');
  });

  it('ignores samples of APIs it was not given', () => {
    const d = detector();
    probe(d, { x: 'dns', y: 'dns', z: 'dns', a: 'dns' });
    expect(d.evaluate(T0)).toBeUndefined();
  });
});
