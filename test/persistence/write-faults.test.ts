import { describe, expect, it } from 'vitest';
import { WriteFaults } from '../../source/persistence/write-faults.js';
import { ManualClock } from '../helpers/manual-clock.js';

describe('write faults', () => {
  function faults(): { clock: ManualClock; said: string[]; faults: WriteFaults } {
    const clock = new ManualClock(0);
    const said: string[] = [];
    return { clock, said, faults: new WriteFaults(clock, (text) => said.push(text), 60_000) };
  }

  it('says a failure at once', () => {
    const { said, faults: f } = faults();
    f.failed('cannot save alarm state to /s/state.json: ENOSPC');
    expect(said).toEqual(['cannot save alarm state to /s/state.json: ENOSPC']);
    expect(f.failing).toBe(true);
  });

  it('says the same failure again only once a minute', () => {
    const { clock, said, faults: f } = faults();
    for (let second = 0; second <= 130; second++) {
      f.failed('ENOSPC');
      clock.advance(1_000);
    }
    expect(said).toEqual(['ENOSPC', 'ENOSPC', 'ENOSPC']);
  });

  it('says each kind of failure on its own', () => {
    const { said, faults: f } = faults();
    f.failed('event log: ENOSPC');
    f.failed('state: ENOSPC');
    f.failed('event log: ENOSPC');
    expect(said).toEqual(['event log: ENOSPC', 'state: ENOSPC']);
  });

  it('says when writing works again, once, and then says a new failure at once', () => {
    const { said, faults: f } = faults();
    f.failed('ENOSPC');
    f.succeeded();
    f.succeeded();
    f.failed('ENOSPC');
    expect(said).toEqual(['ENOSPC', 'the state directory can be written again', 'ENOSPC']);
  });

  it('says nothing when writes only ever succeed', () => {
    const { said, faults: f } = faults();
    f.succeeded();
    expect(said).toEqual([]);
    expect(f.failing).toBe(false);
  });
});
