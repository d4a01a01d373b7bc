import { closeSync, openSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Why `dir` cannot be written, or undefined when it can: found by writing a byte, since permissions, a
 * read-only mount and a full disk all look fine to a stat. The probe file is removed again.
 */
export function writeProblem(dir: string): string | undefined {
  const probe = join(dir, `.write-probe-${process.pid}`);
  try {
    const fd = openSync(probe, 'wx', 0o600);
    try {
      writeSync(fd, '.');
    } finally {
      closeSync(fd);
      unlinkSync(probe);
    }
    return undefined;
  } catch (error) {
    return describeWriteError(error);
  }
}

const PLAIN: Record<string, string> = {
  EROFS: 'read-only file system',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
};

/** A file system error as one line a person can act on: what, then the system's own code. */
export function describeWriteError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  return code !== undefined && code in PLAIN ? `${PLAIN[code]} (${code})` : (error as Error).message;
}
