import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { request } from 'undici';
import { freePort, tempDir } from './helpers.js';

export interface RunningAlertmanager {
  url: string;
  alerts(): Promise<{ labels: Record<string, string>; annotations: Record<string, string>; startsAt: string; endsAt: string; status: { state: string } }[]>;
  stop(): Promise<void>;
}

/** The real Alertmanager (Debian's prometheus-alertmanager) on a loopback port, with a null receiver. */
export async function startAlertmanager(): Promise<RunningAlertmanager> {
  const dir = tempDir();
  const configFile = join(dir.path, 'alertmanager.yml');
  writeFileSync(configFile, "route:\n  receiver: 'null'\nreceivers:\n  - name: 'null'\n");
  const port = await freePort();
  const child: ChildProcess = spawn(
    'prometheus-alertmanager',
    [`--config.file=${configFile}`, `--storage.path=${join(dir.path, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--cluster.listen-address='],
    { stdio: 'ignore' },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    child.kill('SIGTERM');
    await exited;
    dir.remove();
  };
  const deadline = Date.now() + 15_000;
  for (;;) {
    try {
      const response = await request(`${url}/-/ready`);
      await response.body.dump();
      if (response.statusCode === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline || child.exitCode !== null) {
      await stop();
      throw new Error('alertmanager did not become ready');
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    url,
    stop,
    async alerts() {
      const response = await request(`${url}/api/v2/alerts`);
      return (await response.body.json()) as Awaited<ReturnType<RunningAlertmanager['alerts']>>;
    },
  };
}
