import { describe, expect, it } from 'vitest';
import type { ConnectivityChange } from '../../source/alerts/connectivity.js';
import type { Outcome } from '../../source/core/probe-sample.js';
import { AlarmService } from '../../source/engine/alarm-service.js';
import { createFleetStore } from '../../source/state/store.js';
import { configFrom } from '../helpers/config.js';
import { ManualClock } from '../helpers/manual-clock.js';

const config = configFrom({
  apis: {
    a: { url: 'http://127.0.0.1:1/a' },
    b: { url: 'http://127.0.0.2:1/b' },
    c: { url: 'http://127.0.0.3:1/c' },
  },
});

function service() {
  const clock = new ManualClock(1_800_000_000_000);
  const store = createFleetStore(config, { now: clock.now() });
  const changes: ConnectivityChange[] = [];
  const s = new AlarmService({ config, actions: store.getState().actions, clock, user: 'alice', persist: false, onConnectivity: (change) => changes.push(change) });
  const turn = (outcome: Outcome): void => {
    for (const apiId of ['a', 'b', 'c']) s.recordSample({ apiId, at: clock.now(), outcome });
    s.evaluate(clock.now(), {});
  };
  return { s, store, clock, changes, turn };
}

describe('AlarmService and the prober going offline', () => {
  it('puts the spell in the store and says so once each way', () => {
    const { store, clock, changes, turn } = service();
    const since = clock.now();
    turn('connection_refused');
    clock.advance(1_000);
    turn('connection_refused');
    expect(store.getState().offlineSince).toBe(since);
    clock.advance(1_000);
    turn('ok');
    clock.advance(1_000);
    turn('ok');
    expect(store.getState().offlineSince).toBeUndefined();
    expect(changes.map((c) => [c.kind, c.at])).toEqual([
      ['offline', since],
      ['online', since + 2_000],
    ]);
  });

  it('goes offline when the connectivity URL fails', () => {
    const { s, store, clock } = service();
    s.recordConnectivityProbe('dns');
    s.evaluate(clock.now(), {});
    expect(store.getState().offlineSince).toBe(clock.now());
  });
});
