import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { runBinary } from '../helpers/cli-binary.js';
import { listenOnLoopback } from '../helpers/loopback-server.js';
import { tempDir } from '../helpers/temp-dir.js';

/**
 * A service-checker spec (x-default-params, a {domain} host template, /regex/ values in the body and a header,
 * info.contact) imported with the built binary, then checked against a loopback server serving its examples.
 */
const spec = (domain: string) => `swagger: "2.0"
info:
  title: Page Content
  contact: { name: MediaWiki Interfaces, email: mwi@example.org }
host: "{domain}"
basePath: /api/rest_v1
schemes: [http]
x-default-params: { domain: "${domain}", title: Earth }
paths:
  /page/summary/{title}:
    get:
      operationId: getSummary
      x-amples:
        - title: default title
          response:
            status: 200
            headers: { content-type: "/^application\\\\/json/" }
            body: { title: Earth, extract: "/third planet/", titles: { canonical: "/^Ea/" } }
        - title: another title
          request: { params: { title: Mars } }
          response: { status: 200, body: { title: Mars } }
  /page/html/{title}:
    get: { operationId: getHtml }
`;

describe('import openapi with service-checker x-amples (built binary)', { timeout: 60_000 }, () => {
  it('fills {domain} and parameters from x-default-params, keeps /regex/ checks, hints the owner, and the probes pass', async ({ expect, onTestFinished }) => {
    const server = await listenOnLoopback((req, res) => {
      req.resume();
      const title = decodeURIComponent(req.url!.split('/').at(-1)!);
      // Partial matching, as service-checker does: the answer has more than the example asks for.
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify({ title, extract: `${title} is the third planet`, titles: { canonical: title, display: title }, lang: 'en' }));
    });
    const dir = tempDir('api-health-x-amples-');
    onTestFinished(async () => {
      await server.close();
      dir.remove();
    });
    const specFile = join(dir.path, 'spec.yaml');
    writeFileSync(specFile, spec(`127.0.0.1:${server.port}`));
    const configFile = join(dir.path, 'api-health.yaml');
    writeFileSync(configFile, 'defaults: { interval: 300ms, window: 30s, minSamples: 2 }\nteams:\n  mwi: { name: MediaWiki Interfaces, contacts: { email: mwi@example.org } }\n  ops: { name: Ops }\napis: {}\n');

    const imported = await runBinary(['import', 'openapi', specFile, '--family', 'Page Content', '--owner', 'ops', '--config', configFile]);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toBe(`added 3 APIs to ${configFile}: getsummary-default-title, getsummary-another-title, gethtml\n`);
    expect(imported.stderr).toContain('owner hint: the spec\'s contact MediaWiki Interfaces <mwi@example.org> is team mwi, not --owner ops');
    const written = readFileSync(configFile, 'utf8');
    expect(written).toContain(`url: http://127.0.0.1:${server.port}/api/rest_v1/page/summary/Earth`);
    expect(written).toContain(`url: http://127.0.0.1:${server.port}/api/rest_v1/page/summary/Mars`);
    expect(written).toContain(`url: http://127.0.0.1:${server.port}/api/rest_v1/page/html/Earth`);
    expect(written).toContain('matches: /third planet/');

    const checked = await runBinary(['check', '--config', configFile, '--state-dir', join(dir.path, 'state'), '--duration', '2s', '--json'], { timeoutMs: 30_000 });
    const report = JSON.parse(checked.stdout) as { apis: { id: string; health: string; lastErrorMessage: string | null }[] };
    expect(report.apis.map((api) => [api.id, api.health])).toEqual([
      ['getsummary-default-title', 'healthy'],
      ['getsummary-another-title', 'healthy'],
      ['gethtml', 'healthy'],
    ]);
  });
});
