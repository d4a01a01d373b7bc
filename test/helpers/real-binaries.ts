import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from './loopback-server.js';
import { requireBinary } from './system-binaries.js';
import { tempDir, type TempDir } from './temp-dir.js';

export interface ToolResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runTool(command: string, args: string[], input?: string): Promise<ToolResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    // A tool that never reads its input (amtool check-config FILE) may exit before the write: EPIPE then says
    // nothing about the result, which is its exit code and output.
    child.stdin.on('error', () => undefined);
    child.stdin.end(input ?? '');
  });
}

export interface RunningServer {
  url: string;
  dir: string;
  stop(): Promise<void>;
}

async function startServer(command: string, args: (dir: string, port: number) => string[], dir: TempDir, fixedPort?: number): Promise<RunningServer> {
  const port = fixedPort ?? (await freePort());
  const child = spawn(command, args(dir.path, port), { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr!.on('data', (chunk: Buffer) => (log = (log + chunk.toString()).slice(-4000)));
  const url = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    await killAndWait(child);
    dir.remove();
  };
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    const ready = await fetch(`${url}/-/ready`).then((r) => r.ok, () => false);
    if (ready) return { url, dir: dir.path, stop };
    await sleep(100);
  }
  await stop();
  throw new Error(`${command} did not become ready on ${url}:\n${log}`);
}

function killAndWait(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

export interface PrometheusOptions {
  /** Rule files it loads and evaluates every second. */
  ruleFiles?: string[];
  /** An Alertmanager's URL it sends its alerts to (resent every second). */
  alertmanager?: string;
  /** Listen here (a port a test named in a config before starting it). */
  port?: number;
  /** Serve this TSDB directory (blocks a test backfilled, see prometheus-backfill.ts) instead of an empty one of its own. */
  storage?: string;
  /** How far back it keeps data, measured from its newest sample (its default, 15d, would drop a backfilled month). */
  retention?: string;
}

/** A real Prometheus on loopback scraping `targets` (host:port) every second, with its own temp storage unless given `storage`. */
export function startPrometheus(targets: string[] = [], options: PrometheusOptions = {}): Promise<RunningServer> {
  requireBinary('prometheus');
  const dir = tempDir('api-health-prometheus-');
  const config = [
    'global:',
    '  scrape_interval: 1s',
    '  evaluation_interval: 1s',
    'scrape_configs:',
    '  - job_name: api-health',
    '    static_configs:',
    `      - targets: [${targets.map((t) => JSON.stringify(t)).join(', ')}]`,
    ...(options.ruleFiles ? ['rule_files:', ...options.ruleFiles.map((f) => `  - ${JSON.stringify(f)}`)] : []),
    ...(options.alertmanager ? ['alerting:', '  alertmanagers:', '    - static_configs:', `        - targets: [${JSON.stringify(new URL(options.alertmanager).host)}]`] : []),
    '',
  ].join('\n');
  writeFileSync(join(dir.path, 'prometheus.yml'), config);
  return startServer(
    'prometheus',
    (path, port) => [
      `--config.file=${join(path, 'prometheus.yml')}`,
      `--storage.tsdb.path=${options.storage ?? join(path, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      ...(options.alertmanager ? ['--rules.alert.resend-delay=1s'] : []),
      ...(options.retention ? [`--storage.tsdb.retention.time=${options.retention}`] : []),
    ],
    dir,
    options.port,
  );
}

export interface AlertmanagerAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
  status: { state: string };
}

export interface RunningAlertmanager extends RunningServer {
  /** The alerts Alertmanager holds now (its v2 API). */
  alerts(): Promise<AlertmanagerAlert[]>;
}

/**
 * A real Alertmanager on loopback, clustering off, with a config that routes everything nowhere (or `config`);
 * `port` starts it again where a stopped one listened, and `storage` (a directory the caller owns) with the silences it kept.
 */
export async function startAlertmanager(options: { port?: number; config?: string; storage?: string } = {}): Promise<RunningAlertmanager> {
  requireBinary('prometheus-alertmanager');
  const dir = tempDir('api-health-alertmanager-');
  writeFileSync(join(dir.path, 'alertmanager.yml'), options.config ?? 'route:\n  receiver: nowhere\nreceivers:\n  - name: nowhere\n');
  const running = await startServer(
    'prometheus-alertmanager',
    (path, port) => [
      `--config.file=${join(path, 'alertmanager.yml')}`,
      `--storage.path=${options.storage ?? join(path, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--cluster.listen-address=',
    ],
    dir,
    options.port,
  );
  return { ...running, alerts: async () => (await (await fetch(`${running.url}/api/v2/alerts`)).json()) as AlertmanagerAlert[] };
}
