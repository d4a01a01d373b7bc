import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';

export interface TempDir {
  path: string;
  remove(): void;
}

const REMOVE_PASSES = 5;

/**
 * A fresh directory that the caller removes. The removal is whole passes: a process just killed may still have
 * a file landing in it (an atomic write's rename), and rmSync's own retries only retry the last rmdir, never
 * listing the directory again, so a file that lands after the listing fails every retry with ENOTEMPTY.
 */
export function tempDir(prefix = 'api-health-test-'): TempDir {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => removeTree(path) };
}

function removeTree(path: string): void {
  for (let pass = 1; ; pass++) {
    try {
      rmSync(path, { recursive: true, force: true, maxRetries: 2, retryDelay: 50 });
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOTEMPTY' || pass === REMOVE_PASSES) throw error;
    }
  }
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

export interface ConfigDir {
  /** This test's directory. */
  readonly path: string;
  /** Writes `text` as config.yaml in it; returns the file's path. */
  write(text: string): string;
}

/** A fresh directory for each test, made before it and removed after, for specs that write one config a test. */
export function useConfigDir(prefix: string): ConfigDir {
  const makeDir = useTempDir(prefix);
  let path: string | undefined;
  beforeEach(() => {
    path = makeDir();
  });
  const current = (): string => {
    if (path === undefined) throw new Error('the directory is made before each test: use it inside one');
    return path;
  };
  return {
    get path() {
      return current();
    },
    write: (text) => {
      const file = join(current(), 'config.yaml');
      writeFileSync(file, text);
      return file;
    },
  };
}
