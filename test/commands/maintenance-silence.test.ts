import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { cliEnv, requireBuiltCli, runBinary } from '../helpers/cli-binary.js';
import { startAlertmanager, type RunningAlertmanager } from '../helpers/real-binaries.js';
import { needsBinaries } from '../helpers/system-binaries.js';
import { tempDir } from '../helpers/temp-dir.js';

const integration = needsBinaries(['prometheus-alertmanager']);

interface ApiSilence {
  id: string;
  matchers: { name: string; value: string; isRegex: boolean }[];
  comment: string;
  createdBy: string;
  status: { state: string };
}

integration.describe('maintenance start with an Alertmanager channel (real Alertmanager, built binary)', { timeout: 60_000 }, () => {
  let alertmanager: RunningAlertmanager | undefined;
  const dir = tempDir('api-health-maintenance-silence-');
  const configFile = join(dir.path, 'api-health.yaml');
  const stateDir = join(dir.path, 'state');

  beforeAll(async () => {
    requireBuiltCli();
    alertmanager = await startAlertmanager();
    writeFileSync(
      configFile,
      `teams:\n  mwi: { name: MediaWiki Interfaces }\napis:\n  summary: { url: "http://127.0.0.1:1/s", owner: mwi, family: MediaWiki REST }\nchannels:\n  am: { type: alertmanager, url: "${alertmanager.url}" }\n`,
    );
  }, 30_000);
  afterAll(async () => {
    await alertmanager?.stop();
    dir.remove();
  });

  const silences = async (): Promise<ApiSilence[]> => (await (await fetch(`${alertmanager!.url}/api/v2/silences`)).json()) as ApiSilence[];
  const maintenance = (...args: string[]) => runBinary(['maintenance', ...args, '--config', configFile, '--state-dir', stateDir], { env: cliEnv({ TZ: 'UTC' }) });

  integration.it('creates a silence the team\'s other engines see, and stop expires it', async () => {
    const started = await maintenance('start', '--family', 'MediaWiki REST', '--for', '30m', '--reason', 'train deploy');
    expect(started.code).toBe(0);
    const [silence] = await silences();
    expect(silence).toMatchObject({ createdBy: 'e2e-tester', comment: 'Maintenance from api-health: train deploy', status: { state: 'active' } });
    expect(silence!.matchers).toMatchObject([{ name: 'family', value: 'MediaWiki REST', isRegex: false }]);
    expect(started.stdout).toContain(`; Alertmanager silence ${silence!.id}`);

    const stopped = await maintenance('stop', 'train deploy');
    expect(stopped.stdout).toBe('mw-1 stopped (train deploy), its Alertmanager silence expired\n');
    expect((await silences()).find((s) => s.id === silence!.id)?.status.state).toBe('expired');
  });
});
