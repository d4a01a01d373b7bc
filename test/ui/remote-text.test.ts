import { describe, expect, it } from 'vitest';
import { modeText, remoteProblem } from '../../source/ui/remote-text.js';
import { T0 } from '../alerts/fixtures.js';

const POLL = 15_000;

describe('the header\'s mode', () => {
  it('says local when the dashboard probes for itself', () => {
    expect(modeText(undefined, T0, POLL)).toEqual({ text: 'local', stale: false });
  });

  it('says remote with a tick and the age of the last read of each engine', () => {
    const remote = { alertmanager: { readAt: T0 - 3_000 }, prometheus: { readAt: T0 - 12_400 }, others: [] };
    expect(modeText(remote, T0, POLL)).toEqual({ text: 'remote: am ✓ 3s ago prom ✓ 12s ago', stale: false });
  });

  it('marks an engine that failed stale, with the age of the state still shown', () => {
    const remote = { alertmanager: { readAt: T0 - 125_000, problem: 'alertmanager: GET /api/v2/alerts failed: connection refused' }, prometheus: { readAt: T0 }, others: [] };
    expect(modeText(remote, T0, POLL)).toEqual({ text: 'remote: am ✗ stale, 2m5s ago prom ✓ 0s ago', stale: true });
  });

  it('marks an engine stale that has not answered for three polls, even without a failure yet', () => {
    expect(modeText({ alertmanager: { readAt: T0 - 46_000 }, prometheus: { readAt: T0 }, others: [] }, T0, POLL).text).toBe('remote: am ✗ stale, 46s ago prom ✓ 0s ago');
  });

  it('marks an engine never read yet', () => {
    expect(modeText({ others: [] }, T0, POLL)).toEqual({ text: 'remote: am ✗ stale, never read prom ✗ stale, never read', stale: true });
  });

  it('names the engine that does not answer, and why, in one line', () => {
    const remote = { alertmanager: { readAt: T0, problem: 'alertmanager: GET /api/v2/silences failed: connection refused' }, prometheus: { readAt: T0 }, others: [] };
    expect(remoteProblem(remote)).toBe('Alertmanager not answering (alertmanager: GET /api/v2/silences failed: connection refused); showing its last state');
    expect(remoteProblem({ others: [] })).toBeUndefined();
    expect(remoteProblem(undefined)).toBeUndefined();
  });
});
