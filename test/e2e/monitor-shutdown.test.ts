import { writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CliProcess } from '../helpers/cli-binary.js';
import { LoopbackApi } from '../helpers/loopback-api.js';
import { tempDir, type TempDir } from '../helpers/temp-dir.js';

type Line = Record<string, unknown> & { type: string };

/** A receiver that reads the request and never answers: the worst a webhook can do to a shutdown. */
async function hungReceiver(): Promise<{ url: string; requests: () => number; close: () => Promise<void> }> {
  let requests = 0;
  const server: Server = createServer((req) => {
    requests += 1;
    req.resume();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    requests: () => requests,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

describe('stopping monitor (built binary) while a receiver hangs', { timeout: 40_000 }, () => {
  let api: LoopbackApi;
  let receiver: Awaited<ReturnType<typeof hungReceiver>>;
  let dir: TempDir;
  let monitor: CliProcess;

  beforeEach(async () => {
    api = new LoopbackApi(500);
    await api.listen();
    receiver = await hungReceiver();
    dir = tempDir('api-health-e2e-shutdown-');
    const config = join(dir.path, 'api-health.yaml');
    writeFileSync(
      config,
      [
        'defaults: { interval: 300ms, window: 3s, minSamples: 3 }',
        'apis:',
        `  search: { url: "${api.url}" }`,
        'rules:',
        '  - { name: High5xx, metric: error_rate_5xx, above: 20%, for: 500ms, severity: critical }',
        'channels:',
        `  hook: { type: webhook, url: "${receiver.url}" }`,
        'routes:',
        '  - notify: [hook]',
        'notifications: { groupWait: 200ms }',
        '',
      ].join('\n'),
    );
    monitor = new CliProcess(['monitor', '--config', config, '--state-dir', join(dir.path, 'state'), '--json']);
    await monitor.waitFor(() => receiver.requests() > 0, 'the receiver to be sent the firing');
  });

  afterEach(async () => {
    await monitor.stop('SIGKILL');
    await Promise.all([api.close(), receiver.close()]);
    dir.remove();
  });

  const lines = (): Line[] => monitor.records() as Line[];
  /** Milliseconds between the program's `from` record (the one saying `saying`, if given) and its `to` record. */
  const between = (from: string, to: string, saying = ''): number => {
    const at = (type: string, text: string) => Date.parse(String(lines().find((l) => l.type === type && String(l.message ?? '').includes(text))?.at));
    return at(to, '') - at(from, saying);
  };

  it('one SIGTERM: stops within its stated deadline, exits 0, and "stopped" is the last line', async () => {
    const started = Date.now();
    expect(await monitor.stop('SIGTERM', 20_000)).toEqual({ code: 0, signal: null });
    // Short of the 20 s after which stop() kills it, with room for a busy machine's exit.
    expect(Date.now() - started).toBeLessThan(18_000);
    expect(lines()).toContainEqual(expect.objectContaining({ type: 'stopping', message: expect.stringContaining('at most 6s') }));
    // The 6 s promise measured by the program's own records, free of process scheduling: the flush timer may fire late.
    expect(between('stopping', 'stopped')).toBeLessThan(8_000);
    expect(lines().at(-1)).toMatchObject({ type: 'stopped' });
    expect((lines().at(-1)!.pendingNotifications as number) >= 1).toBe(true);
  });

  it('a second SIGTERM is acknowledged and the process exits at once, cleanly', async () => {
    monitor.child.kill('SIGTERM');
    await monitor.waitFor(() => lines().some((l) => l.type === 'stopping'), 'the first stopping line');
    const second = Date.now();
    const exit = await monitor.stop('SIGTERM', 20_000);
    expect(exit).toEqual({ code: 0, signal: null });
    expect(Date.now() - second).toBeLessThan(10_000);
    expect(lines()).toContainEqual(expect.objectContaining({ type: 'stopping', message: expect.stringContaining('pending messages stay in the outbox') }));
    // Well inside the 6 s the first signal's flush may take, by the program's own records: from the second
    // signal's stopping line to the stopped line.
    expect(between('stopping', 'stopped', 'pending messages stay')).toBeLessThan(2_000);
    expect(lines().at(-1)).toMatchObject({ type: 'stopped' });
  });
});
