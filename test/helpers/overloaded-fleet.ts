import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { listenOnLoopback, type LoopbackServer } from './loopback-server.js';
import { tempDir } from './temp-dir.js';

export interface OverloadedFleet {
  /** The temp directory the config lives in (removed after the suite). */
  dir: string;
  configFile: string;
}

/**
 * A fleet the concurrency limit cannot keep up with, for the suite that calls this: 10 loopback APIs every
 * 200 ms, each answering in 150 ms, need 8 probes in flight; `defaults.concurrency: 2` allows two.
 */
export function useOverloadedFleet(prefix: string): OverloadedFleet {
  const fleet: OverloadedFleet = { dir: '', configFile: '' };
  const dir = tempDir(prefix);
  let api: LoopbackServer;
  beforeAll(async () => {
    api = await listenOnLoopback((_request, response) => {
      setTimeout(() => response.end('ok'), 150);
    });
    fleet.dir = dir.path;
    fleet.configFile = join(dir.path, 'api-health.yaml');
    const apis = Array.from({ length: 10 }, (_, i) => `  api${i}: { url: "${api.url(`/${i}`)}" }`);
    writeFileSync(fleet.configFile, ['defaults: { interval: 200ms, timeout: 2s, concurrency: 2 }', 'apis:', ...apis, ''].join('\n'));
  });
  afterAll(async () => {
    await api.close();
    dir.remove();
  });
  return fleet;
}
