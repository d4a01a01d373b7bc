import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cliEnv, CliProcess, requireBuiltCli } from '../helpers/cli-binary.js';
import { ConduitStandIn } from '../helpers/conduit-stand-in.js';
import { LoopbackApi } from '../helpers/loopback-api.js';
import { tempDir, type TempDir } from '../helpers/temp-dir.js';
import { waitFor } from '../helpers/wait-for.js';

const TOKEN = 'api-e2etoken0123456789abcdefghij';

type Line = Record<string, unknown> & { type: string; record?: string; channel?: string; reason?: string; events?: { kind: string }[] };

/**
 * Conduit has no idempotency key: a monitor killed -9 after Phabricator opened the task but before the
 * answer arrived must not open a second task when it is started again.
 */
describe('a Phabricator task opened while the monitor was killed -9 (built binary)', () => {
  let api: LoopbackApi;
  let conduit: ConduitStandIn;
  let dir: TempDir;
  const runs: CliProcess[] = [];

  beforeEach(async () => {
    requireBuiltCli();
    api = new LoopbackApi(500);
    await api.listen();
    conduit = new ConduitStandIn(TOKEN);
    dir = tempDir('api-health-e2e-phabricator-');
  });
  afterEach(async () => {
    await Promise.all(runs.splice(0).map((run) => run.stop('SIGKILL')));
    conduit.release();
    await Promise.all([api.close(), conduit.close()]);
    dir.remove();
  });

  function monitor(phabricatorUrl: string): CliProcess {
    const file = join(dir.path, 'api-health.yaml');
    writeFileSync(
      file,
      [
        'defaults: { interval: 500ms, window: 3s, minSamples: 3 }',
        'teams:',
        '  mwi: { name: MediaWiki Interfaces }',
        'apis:',
        `  rest: { name: MediaWiki REST API, url: "${api.url}", owner: mwi }`,
        'rules:',
        '  - { name: High5xx, metric: error_rate_5xx, above: 20%, for: 1s, severity: critical }',
        'channels:',
        `  tasks: { type: phabricator, url: "${phabricatorUrl}", token: "\${PHAB_TOKEN}", projects: ["#mediawiki-rest-api"], timeout: 60s }`,
        'routes:',
        '  - notify: [tasks]',
        'notifications: { groupWait: 0s, groupInterval: 1s, repeat: 1h, resolved: true }',
        '',
      ].join('\n'),
    );
    const run = new CliProcess(['monitor', '--config', file, '--state-dir', join(dir.path, 'state'), '--json'], { env: cliEnv({ PHAB_TOKEN: TOKEN }) });
    runs.push(run);
    return run;
  }

  it('the restarted monitor finds the task instead of opening another', async () => {
    const url = await conduit.listen();
    conduit.hold();
    const first = monitor(url);
    await waitFor(() => conduit.tasks.length === 1, { timeoutMs: 30_000, what: 'Phabricator to open the task (its answer held back)' });
    expect(await first.stop('SIGKILL')).toMatchObject({ signal: 'SIGKILL' });
    conduit.release();

    const second = monitor(url);
    const delivered = () => (second.records() as Line[]).filter((l) => l.type === 'notification' && l.record === 'delivered' && l.channel === 'tasks');
    await second.waitFor(() => delivered().length > 0, 'the replayed delivery', 40_000);
    expect(await second.stop('SIGTERM')).toEqual({ code: 0, signal: null });

    expect(conduit.tasks).toHaveLength(1);
    expect(conduit.calls.map((c) => c.method)).toEqual(['maniphest.edit', 'user.whoami', 'maniphest.search']);
    expect(delivered()[0]!.reason).toBe('T101, opened by an earlier attempt whose answer was lost');
  }, 120_000);
});
