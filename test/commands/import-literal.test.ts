import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { cliEnv, runBinary } from '../helpers/cli-binary.js';
import { listenOnLoopback } from '../helpers/loopback-server.js';
import { tempDir } from '../helpers/temp-dir.js';

/**
 * A spec whose x-amples ask for `${SOME_TOKEN}` and `${HOME}` in request headers, imported and then checked with
 * the built binary against the spec's own (loopback capture) server: the token is in the environment of both
 * runs, and no request ever carries it.
 */
const TOKEN = 'tok-3f9c1e77a2';

describe('text imported from a spec stays literal (built binary)', { timeout: 40_000 }, () => {
  it('import openapi escapes ${ and lists it; check then sends the text as written, never the environment', async ({ expect, onTestFinished }) => {
    const seen: Record<string, string | string[] | undefined>[] = [];
    const server = await listenOnLoopback((req, res) => {
      seen.push(req.headers);
      req.resume();
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
    const dir = tempDir('api-health-import-literal-');
    onTestFinished(async () => {
      await server.close();
      dir.remove();
    });
    const spec = join(dir.path, 'spec.yaml');
    writeFileSync(
      spec,
      [
        'swagger: "2.0"',
        'info: { title: "Trace ${SOME_TOKEN}" }',
        `host: "127.0.0.1:${server.port}"`,
        'schemes: [http]',
        'paths:',
        '  /status:',
        '    get:',
        '      operationId: status',
        '      x-amples:',
        '        - title: status',
        '          request: { headers: { X-Trace: "${SOME_TOKEN}", User-Agent: "${HOME}" } }',
        '          response: { status: 200 }',
        '',
      ].join('\n'),
    );
    const configFile = join(dir.path, 'api-health.yaml');
    writeFileSync(configFile, 'defaults: { interval: 500ms }\nteams:\n  ops: { name: Ops, contacts: { email: ops@example.org } }\napis:\n  other: { url: "http://127.0.0.1:1/" }\n');
    const env = cliEnv({ SOME_TOKEN: TOKEN });

    const imported = await runBinary(['import', 'openapi', spec, '--family', 'Trace', '--owner', 'ops', '--config', configFile], { env });
    expect(imported.code).toBe(0);
    expect(imported.stderr).toContain('escaped: status: headers.X-Trace "${SOME_TOKEN}": written with $${, a literal ${');
    expect(imported.stderr).toContain('escaped: status: headers.User-Agent "${HOME}"');
    expect(readFileSync(configFile, 'utf8')).toContain('X-Trace: "$${SOME_TOKEN}"');

    const checked = await runBinary(['check', '--config', configFile, '--state-dir', join(dir.path, 'state'), '--duration', '2s'], { env, timeoutMs: 20_000 });
    expect(checked.code).not.toBeNull();
    expect(seen.length).toBeGreaterThan(0);
    for (const headers of seen) {
      expect(headers['x-trace']).toBe('${SOME_TOKEN}');
      expect(headers['user-agent']).toBe('${HOME}');
      expect(JSON.stringify(headers)).not.toContain(TOKEN);
      expect(JSON.stringify(headers)).not.toContain(process.env.HOME ?? '/nonexistent-home');
    }
  });
});
