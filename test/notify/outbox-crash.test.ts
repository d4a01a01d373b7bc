import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { freePort } from '../helpers/loopback-server.js';
import { Receiver } from '../helpers/receiver.js';
import { tempDir } from '../helpers/temp-dir.js';

const CHILD = fileURLToPath(new URL('./fixtures/outbox-child.mjs', import.meta.url));
const BUILT = fileURLToPath(new URL('../../dist/source/notify/create-notifier.js', import.meta.url));

/** Runs the child until it prints `until` (then SIGKILL) or exits; returns its output. */
function runChild(args: string[], until?: string): Promise<{ output: string; signal: NodeJS.Signals | null; code: number | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`child timed out; output so far: ${output}`));
    }, 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (until && output.split('\n').includes(until)) child.kill('SIGKILL');
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ output, signal, code });
    });
  });
}

describe('outbox across kill -9', () => {
  let receiver: Receiver;
  let dir: ReturnType<typeof tempDir>;

  beforeAll(() => {
    if (!existsSync(BUILT)) throw new Error('run `npm run build` first: the child process runs the built library');
  });
  beforeEach(() => {
    receiver = new Receiver();
    dir = tempDir();
  });
  afterEach(async () => {
    await receiver.close();
    dir.remove();
  });

  it('delivers every notification pending at a SIGKILL exactly once after a restart', async () => {
    const port = await freePort();
    const killed = await runChild(['enqueue', dir.path, String(port)], 'ready');
    expect(killed.signal).toBe('SIGKILL');
    expect(receiver.requests).toHaveLength(0);

    await receiver.listen(port);
    const restarted = await runChild(['deliver', dir.path, String(port)]);
    expect(restarted.output).toContain('replayed 3');
    expect(restarted.code).toBe(0);

    const again = await runChild(['deliver', dir.path, String(port)]);
    expect(again.output).toContain('replayed 0');

    const delivered = receiver.requests.map((r) => (r.json as { alerts: { labels: { alertname: string } }[] }).alerts[0]!.labels.alertname).sort();
    expect(delivered).toEqual(['Rule-a', 'Rule-b', 'Rule-c']);
  });

  // The receiver listens while the child holds: a groupWait of 10 s keeps a busy machine's late kill from letting the
  // child deliver first. The restart waits out the rest of it.
  it('delivers every notification held for groupWait at a SIGKILL exactly once after a restart, when the wait is over', { timeout: 60_000 }, async () => {
    const port = await freePort();
    await receiver.listen(port);
    const killed = await runChild(['hold', dir.path, String(port), '10s'], 'held');
    expect(killed.signal).toBe('SIGKILL');
    expect(receiver.requests).toHaveLength(0);

    const restarted = await runChild(['deliver', dir.path, String(port), '10s']);
    expect(restarted.output).toContain('replayed 0 regrouped 3');
    expect(restarted.code).toBe(0);

    const again = await runChild(['deliver', dir.path, String(port), '10s']);
    expect(again.output).toContain('replayed 0 regrouped 0');

    const delivered = receiver.requests.map((r) => (r.json as { alerts: { labels: { alertname: string } }[] }).alerts[0]!.labels.alertname).sort();
    expect(delivered).toEqual(['Rule-a', 'Rule-b', 'Rule-c']);
  });
});
