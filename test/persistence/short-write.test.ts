import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { requireBuiltCli } from '../helpers/cli-binary.js';
import { useTempDir } from '../helpers/temp-dir.js';

const NO_FOLLOW = fileURLToPath(new URL('../../dist/source/persistence/no-follow.js', import.meta.url));
const ATOMIC = fileURLToPath(new URL('../../dist/source/persistence/atomic-write.js', import.meta.url));

/**
 * Runs `script` (an ES module) in a process whose files may not grow past 4 KiB: a write crossing that line
 * returns short and the next one fails (EFBIG), as on a disk that fills mid-write.
 */
function withFileLimit(script: string): { status: number | null; output: string } {
  requireBuiltCli();
  const run = spawnSync('bash', ['-c', `trap '' XFSZ; ulimit -f 4; exec "${process.execPath}" --input-type=module -e "$0"`, script], { encoding: 'utf8' });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

describe('a write the disk takes only part of', () => {
  const dir = useTempDir('api-health-short-write-');

  it('leaves a replaced file whole: the old content stays, not a torn copy of the new', () => {
    const file = join(dir(), 'state.json');
    writeFileSync(file, '{"version":1,"old":true}\n');
    const run = withFileLimit(
      `import { writeFileAtomic } from ${JSON.stringify(ATOMIC)}; try { writeFileAtomic(${JSON.stringify(file)}, JSON.stringify({ big: 'x'.repeat(6000) })); console.log('written'); } catch (e) { console.log('refused', e.code); }`,
    );
    expect(run.output.trim()).toBe('refused EFBIG');
    expect(readFileSync(file, 'utf8')).toBe('{"version":1,"old":true}\n');
  });

  it('appends all of a batch or none of it: no torn line is left for the next append to follow', () => {
    const file = join(dir(), 'events.jsonl');
    writeFileSync(file, `${JSON.stringify({ line: 'x'.repeat(3000) })}\n`);
    const before = readFileSync(file, 'utf8');
    const run = withFileLimit(
      `import { appendFileNoFollow } from ${JSON.stringify(NO_FOLLOW)}; try { appendFileNoFollow(${JSON.stringify(file)}, JSON.stringify({ line: 'y'.repeat(3000) }) + '\\n'); console.log('appended'); } catch (e) { console.log('refused', e.code); }`,
    );
    expect(run.output.trim()).toBe('refused EFBIG');
    expect(readFileSync(file, 'utf8')).toBe(before);
  });
});
