import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { runBinary } from '../helpers/cli-binary.js';
import { listenOnLoopback } from '../helpers/loopback-server.js';
import { tempDir } from '../helpers/temp-dir.js';

/**
 * `check` (built binary) against a loopback API whose body is a near miss for a catastrophic pattern. A
 * backtracking engine spends hours in one test() call, freezing the process (signals included); RE2 answers at
 * once, so a 3 s check ends in about 3 s and reports the body as not matching.
 */
const NEAR_MISS = JSON.stringify({ a: `${'a'.repeat(40)}!` });

describe.concurrent('check with a catastrophic pattern (built binary)', { timeout: 60_000 }, () => {
  it.for([
    { kind: 'expect.json[].matches /^(a+)+$/', expect: '{ json: [{ path: "$.a", matches: "/^(a+)+$/" }] }', failure: 'assertion: $.a: expected text matching /^(a+)+$/' },
    { kind: 'a schema pattern ^(a|a)*$', expect: '{ schema: { properties: { a: { type: string, pattern: "^(a|a)*$" } } } }', failure: 'assertion: schema inline: $.a must match pattern "^(a|a)*$"' },
  ])('$kind: a 3 s check finishes in under 20 s and reports the mismatch', async ({ expect: text, failure }, { expect, onTestFinished }) => {
    const server = await listenOnLoopback((req, res) => {
      req.resume();
      res.writeHead(200, { 'content-type': 'application/json' }).end(NEAR_MISS);
    });
    const dir = tempDir('api-health-check-patterns-');
    onTestFinished(async () => {
      await server.close();
      dir.remove();
    });
    const configFile = join(dir.path, 'api-health.yaml');
    writeFileSync(configFile, `defaults: { interval: 500ms }\napis:\n  redos:\n    url: "${server.url('/')}"\n    expect: ${text}\n`);
    const started = Date.now();
    // Killed at 20 s: a process stuck in a backtracking match never gets there on its own; a busy machine's start
    // and stop of a 3 s check does.
    const result = await runBinary(['check', '--config', configFile, '--state-dir', join(dir.path, 'state'), '--duration', '3s'], { timeoutMs: 20_000 });
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(result.code).not.toBeNull();
    expect(result.stdout).toContain(failure);
  });
});
