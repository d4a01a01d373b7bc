import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { run } from '../../source/commands/run.js';
import { Receiver } from '../helpers/receiver.js';
import { tempDir } from '../helpers/temp-dir.js';

function sink(): Writable & { text: string } {
  const stream = new Writable({
    write(chunk, _encoding, callback) {
      stream.text += String(chunk);
      callback();
    },
  }) as Writable & { text: string };
  stream.text = '';
  return stream;
}

describe('api-health notify test CHANNEL', () => {
  let receiver: Receiver;
  let dir: ReturnType<typeof tempDir>;
  let file: string;
  const env = { SLACK_HOOK_PATH: 'services/T1/B2/s3cret-token' };

  beforeEach(async () => {
    receiver = new Receiver();
    await receiver.listen();
    dir = tempDir();
    file = join(dir.path, 'api-health.yaml');
    writeFileSync(
      file,
      `teams:
  mwi: { name: MediaWiki Interfaces, notify: [mwi-slack] }
apis:
  search: { url: "https://api.example.org/search", owner: mwi }
channels:
  mwi-slack: { type: slack, url: "${receiver.url('/')}\${SLACK_HOOK_PATH}" }
`,
    );
  });
  afterEach(async () => {
    await receiver.close();
    dir.remove();
  });

  async function notifyTest(...args: string[]) {
    const stdout = sink();
    const stderr = sink();
    const code = await run(['notify', 'test', ...args], { stdout, stderr, env, cwd: dir.path });
    return { code, stdout: stdout.text, stderr: stderr.text };
  }

  it('sends a test message and prints the receiver\'s answer with secrets redacted; exit 0', async () => {
    receiver.script({ status: 200, body: 'ok (posted by /services/T1/B2/s3cret-token)' });
    const result = await notifyTest('mwi-slack', '--config', file);
    expect(result).toEqual({
      code: 0,
      stdout: 'mwi-slack (slack): delivered\nstatus: 200\nanswer: HTTP 200: ok (posted by [redacted])\n',
      stderr: '',
    });
    expect(receiver.requests[0]!.url).toBe('/services/T1/B2/s3cret-token');
    expect((receiver.requests[0]!.json as { text: string }).text).toBe('[INFO] api-health: NotificationTest test notification');
  });

  it('exits 1 when the receiver refuses, with its reason', async () => {
    receiver.script({ status: 404, body: 'channel_not_found' });
    const result = await notifyTest('mwi-slack', '--config', file);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('mwi-slack (slack): failed\nstatus: 404\nanswer: HTTP 404: channel_not_found\n');
  });

  it('exits 2 for an unknown channel, naming the known ones', async () => {
    const result = await notifyTest('nope', '--config', file);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('api-health: unknown channel "nope" (known: mwi-slack)\n');
    expect(receiver.requests).toHaveLength(0);
  });

  it('exits 2 without a channel or with another subcommand', async () => {
    expect((await notifyTest('--config', file)).code).toBe(2);
    const stderr = sink();
    expect(await run(['notify', 'send', 'x', '--config', file], { stdout: sink(), stderr, env, cwd: dir.path })).toBe(2);
    expect(stderr.text).toContain('unknown notify subcommand "send"');
  });

  it('exits 2 on a config error', async () => {
    const result = await notifyTest('mwi-slack', '--config', file.replace('.yaml', '-missing.yaml'));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('file not found');
  });

  it('prints its answer on a line of its own after the escape sequence of the terminal channel', async () => {
    writeFileSync(file, 'apis:\n  search: { url: "https://api.example.org/search" }\nchannels:\n  desk: { type: terminal }\n');
    const result = await notifyTest('desk', '--config', file);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^\u0007\u001b\]9;[^\u0007\n]*\u0007\ndesk \(terminal\): delivered\nanswer: written to terminal\n$/);
  });
});
