import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { CliProcess } from '../helpers/cli-binary.js';
import { LoopbackApi } from '../helpers/loopback-api.js';
import { freePort } from '../helpers/loopback-server.js';
import { isCi, needsBinaries } from '../helpers/system-binaries.js';
import { useTempDir } from '../helpers/temp-dir.js';

const root = process.getuid?.() === 0;
/** CI runs as root: there a test that cannot mount fails instead of skipping. */
const canTry = root || isCi(process.env);

// Two waits of up to 15 s each, after a monitor's start on a busy machine.
needsBinaries(['mount', 'umount']).describe('a state directory that fills up while monitor runs', { timeout: 60_000 }, () => {
  const newDir = useTempDir('api-health-full-disk-');
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  // A real full disk is a small tmpfs, which only root may mount (CI runs as root).
  it.skipIf(!canTry)('keeps probing, alarming and notifying from memory, says what cannot be written once a minute, counts it in /metrics, and stops cleanly', async () => {
    expect(root, 'mounting a small tmpfs needs root').toBe(true);
    const api = new LoopbackApi(500);
    await api.listen();
    cleanups.push(() => api.close());
    const dir = newDir();
    const state = join(dir, 'state');
    mkdirSync(state);
    expect(spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=24k', 'tmpfs', state]).status).toBe(0);
    cleanups.push(() => void spawnSync('umount', [state]));
    const config = join(dir, 'api-health.yaml');
    const apis = Array.from({ length: 30 }, (_, n) => `  api-${n}: { url: "${api.url}?n=${n}" }`);
    writeFileSync(
      config,
      [
        'defaults: { interval: 200ms, window: 2s, minSamples: 2 }',
        // The outbox and alarm state are what fill this disk; history.db on a full disk has tests of its own.
        'history: off',
        'apis:',
        ...apis,
        'rules:',
        '  - { name: High5xx, metric: error_rate_5xx, above: 50%, for: 200ms, severity: critical }',
        // A receiver that is down: its messages pile up in the outbox, which the full disk cannot take.
        'channels:',
        `  hook: { type: webhook, url: "http://127.0.0.1:${await freePort()}/hook" }`,
        'routes:',
        '  - notify: [hook]',
        'notifications: { groupWait: 200ms, groupInterval: 200ms }',
        '',
      ].join('\n'),
    );
    const port = await freePort();
    const monitor = new CliProcess(['monitor', '--config', config, '--state-dir', state, '--json', '--metrics-port', String(port)]);
    cleanups.push(async () => void (await monitor.stop('SIGKILL')));
    const lines = (): Record<string, unknown>[] => monitor.records();
    await monitor.waitFor(() => lines().some((l) => l.type === 'warning' && /no space left|ENOSPC/.test(String(l.message))), 'a warning that the disk is full');
    const warning = lines().find((l) => l.type === 'warning')!;
    expect(String(warning.message)).toContain(state);
    // Monitoring goes on: API n=29 fires after the disk is full, and the process is still there to say so.
    api.status = 200;
    await monitor.waitFor(() => lines().some((l) => l.type === 'alarm' && l.event === 'resolved'), 'an alarm resolving after the disk filled');
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(metrics).toMatch(/^apihealth_state_write_failures_total{vantage="[^"]+"} [1-9]/m);
    expect(lines().filter((l) => l.type === 'warning' && l.message === warning.message)).toHaveLength(1);
    expect(await monitor.stop('SIGTERM')).toEqual({ code: 0, signal: null });
    expect(monitor.stderr).not.toMatch(/internal error|at .*\.js:\d+/);
  });
});
