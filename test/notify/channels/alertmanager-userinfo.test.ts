import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { configSecrets } from '../../../source/notify/config-secrets.js';
import { createChannel } from '../../../source/notify/channels/registry.js';
import { listenOnLoopback, type LoopbackServer } from '../../helpers/loopback-server.js';
import { ManualClock } from '../../helpers/manual-clock.js';
import { runCommand } from '../../helpers/run-command.js';
import { useTempDir } from '../../helpers/temp-dir.js';
import { alarm, config, event, message } from '../helpers.js';

/** An Alertmanager channel whose URL carries `user:password@`, as amtool and Prometheus accept it. */
const PASSWORD = 'hunter2 s/cr%t';
const USERINFO = `ops:${encodeURIComponent(PASSWORD)}`;

describe('an alertmanager channel URL with user:password@', () => {
  const newDir = useTempDir('api-health-am-userinfo-');
  let server: LoopbackServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  async function receiver(status = 200) {
    const seen: { url: string | undefined; authorization: string | undefined }[] = [];
    server = await listenOnLoopback((req, res) => {
      seen.push({ url: req.url, authorization: req.headers.authorization });
      req.resume();
      res.writeHead(status).end(status === 200 ? '' : `denied for ${req.headers.authorization ?? 'nobody'}`);
    });
    return { seen, url: `http://${USERINFO}@127.0.0.1:${server.port}` };
  }

  it('sends Basic auth made of the decoded userinfo, to the URL without it', async () => {
    const { seen, url } = await receiver();
    const cfg = config(`channels:\n  am: { type: alertmanager, url: "${url}" }\n`);
    const result = await createChannel(cfg.channels.am!, { clock: new ManualClock(Date.now()) }).send(message(cfg, 'am', [event('firing', alarm())], Date.now()));
    expect(result).toMatchObject({ ok: true, status: 200 });
    expect(seen).toEqual([{ url: '/api/v2/alerts', authorization: `Basic ${Buffer.from(`ops:${PASSWORD}`).toString('base64')}` }]);
  });

  it('counts the userinfo, the password and the header as secrets, so redaction removes each', () => {
    const cfg = config('channels:\n  am: { type: alertmanager, url: "https://ops:pa%24%24word@am.example.org" }\n');
    const secrets = configSecrets(cfg);
    expect(secrets).toEqual(expect.arrayContaining(['ops:pa%24%24word', 'pa%24%24word', 'pa$$word', `Basic ${Buffer.from('ops:pa$$word').toString('base64')}`]));
  });

  it('validate and notify test print neither the password nor the userinfo, even when the receiver echoes the header', async () => {
    const { url } = await receiver(401);
    const file = join(newDir(), 'api-health.yaml');
    writeFileSync(file, `teams:\n  ops: { name: Ops, notify: [am] }\nchannels:\n  am: { type: alertmanager, url: "${url}" }\napis:\n  a: { url: "http://127.0.0.1:1/", owner: ops }\n`);
    const validated = await runCommand(['validate', '--config', file]);
    const tested = await runCommand(['notify', 'test', 'am', '--config', file]);
    expect(validated.code).toBe(0);
    expect(tested).toMatchObject({ code: 1 });
    expect(tested.stdout + tested.stderr).toContain('401');
    for (const output of [validated.stdout, validated.stderr, tested.stdout, tested.stderr]) {
      expect(output).not.toContain(encodeURIComponent(PASSWORD));
      expect(output).not.toContain(PASSWORD);
      expect(output).not.toContain(USERINFO);
      expect(output).not.toContain(Buffer.from(`ops:${PASSWORD}`).toString('base64'));
    }
  });
});
