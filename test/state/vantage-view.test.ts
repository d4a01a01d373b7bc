import { describe, expect, it } from 'vitest';
import { vantageVerdict, type ApiVantages } from '../../source/state/vantage-view.js';

const view = (quorum: number, failing: string[]): ApiVantages => ({
  quorum,
  vantages: ['codfw', 'eqiad', 'ulsfo'].map((name) => ({ name, failing: failing.includes(name) })),
});

describe('the verdict across vantages', () => {
  it.each([
    [2, [], undefined],
    [2, ['codfw'], { scope: 'regional', text: 'failing from codfw only' }],
    [3, ['codfw', 'eqiad'], { scope: 'regional', text: 'failing from codfw, eqiad only' }],
    [2, ['codfw', 'eqiad'], { scope: 'global', text: 'failing from codfw, eqiad' }],
    [1, ['codfw'], { scope: 'global', text: 'failing from codfw' }],
    [3, ['codfw', 'eqiad', 'ulsfo'], { scope: 'global', text: 'failing from all 3 vantages' }],
  ] as const)('with a quorum of %i and %j failing: %j', (quorum, failing, verdict) => {
    expect(vantageVerdict(view(quorum, [...failing]))).toEqual(verdict);
  });
});
