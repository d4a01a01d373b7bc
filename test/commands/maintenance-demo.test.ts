import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/temp-dir.js';
import { runCommand } from '../helpers/run-command.js';

describe('maintenance --demo', () => {
  it('lists the demo fleet\'s recurring window, and starts and stops one in the demo\'s state folder', async () => {
    const dir = tempDir('api-health-maintenance-demo-');
    try {
      const env = { XDG_STATE_HOME: dir.path, USER: 'tester' };
      const listed = await runCommand(['maintenance', 'list', '--demo'], { env });
      expect(listed.code).toBe(0);
      expect(listed.stdout).toContain('MediaWiki train deploy');
      const started = await runCommand(['maintenance', 'start', '--demo', '--family', 'AQS', '--for', '10m'], { env });
      expect(started.stdout).toMatch(/^mw-1 started: family AQS until /);
      expect((await runCommand(['maintenance', 'list', '--demo'], { env })).stdout).toMatch(/mw-1 .*family AQS .*now/);
      const stopped = await runCommand(['maintenance', 'stop', 'mw-1', '--demo'], { env });
      expect(stopped.stdout).toContain('mw-1 stopped');
    } finally {
      dir.remove();
    }
  });
});
