import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { run } from '../../source/commands/run.js';
import { ConduitStandIn } from '../helpers/conduit-stand-in.js';
import { SplunkOncallStandIn } from '../helpers/splunk-oncall-stand-in.js';
import { tempDir, type TempDir } from '../helpers/temp-dir.js';

const env = { PHAB_TOKEN: 'api-notifytest0123456789abcdefgh', VO_KEY: 'notify-test-splunk-key' };

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

describe('api-health notify test on the Phabricator and Splunk On-Call channels', () => {
  let conduit: ConduitStandIn;
  let splunk: SplunkOncallStandIn;
  let dir: TempDir;
  let file: string;

  beforeEach(async () => {
    conduit = new ConduitStandIn(env.PHAB_TOKEN);
    splunk = new SplunkOncallStandIn(env.VO_KEY);
    dir = tempDir();
    file = join(dir.path, 'api-health.yaml');
    writeFileSync(
      file,
      `apis:\n  search: { url: "https://api.example.org/search" }\nchannels:\n` +
        `  tasks: { type: phabricator, url: "${await conduit.listen()}", token: "\${PHAB_TOKEN}" }\n` +
        `  oncall: { type: splunk-oncall, apiKey: "\${VO_KEY}", routingKey: mwi, url: "${await splunk.listen()}" }\n`,
    );
  });
  afterEach(async () => {
    await Promise.all([conduit.close(), splunk.close()]);
    dir.remove();
  });

  async function notifyTest(channel: string) {
    const stdout = sink();
    const stderr = sink();
    const code = await run(['notify', 'test', channel, '--config', file], { stdout, stderr, env, cwd: dir.path });
    return { code, stdout: stdout.text, stderr: stderr.text };
  }

  it('checks the Phabricator token without opening a task', async () => {
    expect(await notifyTest('tasks')).toEqual({ code: 0, stdout: 'tasks (phabricator): delivered\nstatus: 200\nanswer: Conduit accepted the token (no task opened for a test)\n', stderr: '' });
    expect(conduit.tasks).toEqual([]);
  });

  it('says which Conduit error a refused token got', async () => {
    conduit.failNext({ status: 200, body: JSON.stringify({ result: null, error_code: 'ERR-INVALID-AUTH', error_info: 'API token has the wrong format.' }) });
    expect(await notifyTest('tasks')).toMatchObject({ code: 1, stdout: 'tasks (phabricator): failed\nstatus: 200\nanswer: Conduit ERR-INVALID-AUTH: API token has the wrong format.\n' });
  });

  it('sends Splunk On-Call an INFO alert, which pages nobody', async () => {
    const result = await notifyTest('oncall');
    expect(result).toMatchObject({ code: 0, stdout: expect.stringMatching(/^oncall \(splunk-oncall\): delivered\nstatus: 200\n/) });
    expect(splunk.alerts.map((a) => a.body.message_type)).toEqual(['INFO']);
    expect(result.stdout).not.toContain(env.VO_KEY);
  });
});
