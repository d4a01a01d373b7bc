import { describe, expect, it } from 'vitest';
import { maintenanceMatchers, silenceForMaintenance } from '../../source/alertmanager/maintenance-silence.js';
import { silenceCovers } from '../../source/alertmanager/silence-model.js';

describe('a maintenance window as an Alertmanager silence', () => {
  it('matches each given key on our alarm labels', () => {
    expect(maintenanceMatchers({ family: ['MediaWiki REST'], rule: ['High5xx'] })).toEqual([
      { name: 'family', value: 'MediaWiki REST', isRegex: false, isEqual: true },
      { name: 'alertname', value: 'High5xx', isRegex: false, isEqual: true },
    ]);
  });

  it('matches several values as one escaped regular expression', () => {
    const matchers = maintenanceMatchers({ api: ['rest.v1', 'aqs'] });
    expect(matchers).toEqual([{ name: 'api', value: 'rest\\.v1|aqs', isRegex: true, isEqual: true }]);
    const alarm = { rule: 'High5xx', team: 'mwi', severity: 'critical' as const };
    expect(silenceCovers({ matchers }, { ...alarm, apiId: 'rest.v1' })).toBe(true);
    expect(silenceCovers({ matchers }, { ...alarm, apiId: 'restXv1' })).toBe(false);
  });

  it('lasts as long as the window and says where it came from', () => {
    const start = Date.UTC(2026, 11, 3, 14);
    expect(silenceForMaintenance({ name: 'train deploy', match: { team: ['mwi'] }, start, durationMs: 1_800_000, by: 'ana' })).toEqual({
      matchers: [{ name: 'team', value: 'mwi', isRegex: false, isEqual: true }],
      startsAt: start,
      endsAt: start + 1_800_000,
      createdBy: 'ana',
      comment: 'Maintenance from api-health: train deploy',
    });
  });
});
