import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { runBinary } from '../helpers/cli-binary.js';
import { startServer } from '../helpers/http-server.js';
import { useTempDir } from '../helpers/temp-dir.js';

/** Valid JSON of 10 KB, nested 5,000 deep: it overflowed the stack of what checked it and ended the process. */
const DEEP = `${'['.repeat(5_000)}${']'.repeat(5_000)}`;
const dir = useTempDir('api-health-deep-json-');
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

it('check goes on probing an API whose answer is nested too deeply, and reports it as that API\'s failure', async () => {
  const deep = await startServer(() => ({ body: DEEP, headers: { 'content-type': 'application/json' } }));
  const fine = await startServer(() => ({ body: '{"ok":true}', headers: { 'content-type': 'application/json' } }));
  closers.push(() => deep.close(), () => fine.close());
  const config = join(dir(), 'api-health.yaml');
  writeFileSync(
    config,
    [
      'defaults: { interval: 300ms, window: 10s, minSamples: 2 }',
      'apis:',
      `  deep: { url: "${deep.url}/", expect: { json: [{ path: "$", equals: 1 }] } }`,
      `  fine: { url: "${fine.url}/", expect: { json: [{ path: "$.ok", equals: true }] } }`,
      '',
    ].join('\n'),
  );
  const result = await runBinary(['check', '--config', config, '--duration', '2s', '--json'], { timeoutMs: 30_000 });
  expect(result.stderr).not.toMatch(/RangeError|Maximum call stack/);
  const report = JSON.parse(result.stdout) as { apis: { id: string; samples: number; availability: number; lastErrorMessage?: string }[] };
  const byId = Object.fromEntries(report.apis.map((api) => [api.id, api]));
  expect(byId.deep).toMatchObject({ availability: 0, lastErrorMessage: 'body cannot be checked: it is nested too deeply' });
  expect(byId.deep!.samples).toBeGreaterThan(2);
  expect(byId.fine).toMatchObject({ availability: 1 });
});
