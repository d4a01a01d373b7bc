import { describe, expect, it } from 'vitest';
import type { Silence, SilenceRequest, SilenceResult, SilenceSync } from '../../source/alertmanager/silence-model.js';
import type { Alarm } from '../../source/core/alarm.js';
import { SharedAcks } from '../../source/engine/shared-acks.js';
import { SharedMutes } from '../../source/engine/shared-mutes.js';
import { ManualClock } from '../helpers/manual-clock.js';

/** Alertmanager's silences in memory: what the shared acks' bookkeeping is about, without the HTTP. */
class SilencesInMemory implements SilenceSync {
  readonly silences: Silence[] = [];
  private next = 0;
  async create(request: SilenceRequest): Promise<SilenceResult<string>> {
    const id = `mine-${++this.next}`;
    this.silences.push({ ...request, id, startsAt: request.startsAt ?? 0, state: 'active' });
    return { ok: true, value: id };
  }
  async expire(): Promise<SilenceResult<void>> {
    return { ok: true, value: undefined };
  }
  async listActive(): Promise<SilenceResult<Silence[]>> {
    return { ok: true, value: [...this.silences] };
  }
}

const alarm = (apiId: string, ackSilence?: string): Alarm => ({
  id: `${apiId}/LowAvailability`,
  apiId,
  team: 'mwi',
  rule: 'LowAvailability',
  metric: 'availability',
  severity: 'page',
  state: 'firing',
  comparison: 'below',
  value: Number.NaN,
  threshold: 0.99,
  since: 0,
  startedAt: 0,
  firingAt: 0,
  transitions: [],
  flapping: false,
  escalationLevel: 0,
  summary: '',
  ...(ackSilence ? { ack: { by: 'bob', at: 0, silenceId: ackSilence } } : {}),
});

/** Issue 21, finding 10: in --remote a colleague's ack is not counted as one from this dashboard. */
describe('SharedAcks in --remote', () => {
  it('holds only the ack silences this dashboard made, not a colleague\'s', async () => {
    const sync = new SilencesInMemory();
    const clock = new ManualClock(1_000);
    let alarms: Alarm[] = [alarm('api-a', 'colleague-1'), alarm('api-b')];
    const silences = new SharedMutes({ sync, clock, pollMs: 1_000, mutes: () => [], link: () => true, onChange: () => {} });
    const acks = new SharedAcks({ silences, clock, pollMs: 1_000, remote: true, alarms: () => alarms, familyOf: () => undefined, adopt: () => {}, withdraw: () => {}, link: () => true });
    await silences.refresh();
    expect(acks.held()).toEqual([]);

    acks.acknowledgeRemote(alarms[1]!, { by: 'alice', at: 1_000 });
    await silences.settled();
    alarms = [alarm('api-a', 'colleague-1'), alarm('api-b', 'mine-1')];
    expect(acks.held()).toEqual(['mine-1']);
  });
});
