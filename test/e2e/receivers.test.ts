import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CliProcess, requireBuiltCli } from '../helpers/cli-binary.js';
import { MB } from '../helpers/measured.js';
import { Receiver, type Reply } from '../helpers/receiver.js';
import { tempDir } from '../helpers/temp-dir.js';

/**
 * Issue 18, receivers that answer slowly or at length, end to end: `notify test CHANNEL` (the built binary)
 * against real loopback receivers, its peak RSS read from the kernel (VmHWM) while it runs.
 */

/** The child's high-water RSS in bytes, read until it exits (VmHWM only grows, so the last reading is the peak). */
function watchPeakRss(cli: CliProcess): () => number {
  let peak = 0;
  const read = () => {
    try {
      const kb = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${cli.child.pid}/status`, 'utf8'))?.[1];
      if (kb) peak = Math.max(peak, Number(kb) * 1024);
    } catch {
      // Gone: the last reading stands.
    }
  };
  const timer = setInterval(read, 5);
  void cli.exited.then(() => clearInterval(timer));
  return () => peak;
}

describe('notify test against receivers that answer slowly or at length', () => {
  let receiver: Receiver;
  let dir: ReturnType<typeof tempDir>;

  beforeAll(() => requireBuiltCli());
  beforeEach(() => {
    dir = tempDir();
  });
  afterEach(async () => {
    await receiver.close();
    dir.remove();
  });

  /** Runs `notify test hook` on a webhook with `channelKeys` against a receiver that answers `reply`. */
  async function notifyTest(reply: Reply, channelKeys = '') {
    receiver = new Receiver(reply);
    await receiver.listen();
    const file = join(dir.path, 'api-health.yaml');
    writeFileSync(file, `apis:\n  a: { url: "http://127.0.0.1:1/a" }\nchannels:\n  hook: { type: webhook, url: "${receiver.url('/hook')}"${channelKeys} }\n`);
    const cli = new CliProcess(['notify', 'test', 'hook', '--config', file]);
    const peak = watchPeakRss(cli);
    const started = performance.now();
    const exit = await cli.exited;
    await receiver.close();
    return { exit, stdout: cli.stdout, stderr: cli.stderr, ms: performance.now() - started, peakRss: peak() };
  }

  it('hangs up on a 300 MB answer after its head: peak RSS within 50 MB of a run that got a one-line answer', async () => {
    const small = await notifyTest({ status: 400, body: 'invalid_payload' });
    const huge = await notifyTest({ status: 400, body: 'invalid_payload ', stream: { bytes: 300 * MB } });
    expect(small.stdout).toBe('hook (webhook): failed\nstatus: 400\nanswer: HTTP 400: invalid_payload\n');
    expect(huge.exit.code).toBe(1);
    expect(huge.stdout).toMatch(/^hook \(webhook\): failed\nstatus: 400\nanswer: HTTP 400: invalid_payload x{100,2000}…\n$/);
    expect(receiver.streamed).toEqual([{ bytes: expect.any(Number), cut: true }]);
    expect(receiver.streamed[0]!.bytes).toBeLessThan(16 * MB);
    expect(small.peakRss).toBeGreaterThan(0);
    expect(huge.peakRss - small.peakRss).toBeLessThan(50 * MB);
  });

  it('gives up on a receiver slower than the channel timeout, says so, and names the message for the retry', async () => {
    const slow = await notifyTest({ status: 200, body: 'ok', delayMs: 30_000 }, ', timeout: 1s');
    expect(slow.exit.code).toBe(1);
    expect(slow.stdout).toBe("hook (webhook): failed (temporary: would be retried)\nanswer: network error: no answer within 1s (the channel's timeout)\n");
    // The whole run, start-up included, far below the receiver's 30 s: the 1 s timeout ended the wait.
    expect(slow.ms).toBeLessThan(15_000);
    expect(receiver.requests[0]!.headers['idempotency-key']).toMatch(/^test-\d+$/);
  });
});
