import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';

export interface TempDir {
  path: string;
  remove(): void;
}

/**
 * A fresh directory that the caller removes. The removal retries: a process just killed may still have a
 * file landing in it (an atomic write's rename), which makes one pass fail with ENOTEMPTY.
 */
export function tempDir(prefix = 'api-health-test-'): TempDir {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 }) };
}

/**
 * A fresh directory per call, each removed after the test that made it. Not for `describe.concurrent`:
 * the removal after one test would take the directories of tests still running.
 */
export function useTempDir(prefix = 'api-health-state-'): () => string {
  const made: TempDir[] = [];
  afterEach(() => {
    for (const dir of made.splice(0)) dir.remove();
  });
  return () => {
    const dir = tempDir(prefix);
    made.push(dir);
    return dir.path;
  };
}
