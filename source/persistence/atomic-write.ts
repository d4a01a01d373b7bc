import { closeSync, fchmodSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { openNoFollow, refuseLink } from './no-follow.js';

/**
 * Writes a file so a reader (or a crash) only ever sees the old or the new content: write a temporary
 * file beside it, flush it to disk, rename it over the target, then flush the directory entry. `mode` is the
 * new file's permissions: private unless the caller keeps those of the file it replaces.
 */
export function writeFileAtomic(path: string, text: string, mode = 0o600): void {
  const dir = dirname(path);
  mkdirSync(dir, { recursive: true });
  const temp = join(dir, `${tempPrefix(path)}${process.pid}.tmp`);
  // A link planted at the temporary name must not make this truncate the file it names.
  const fd = openNoFollow(temp, 'truncate', mode);
  try {
    // The umask, or a temporary file left by a killed writer, would otherwise decide the permissions.
    fchmodSync(fd, mode);
    // Not writeSync: on a disk that fills mid-write it returns short without an error, and a torn file would replace a whole one.
    writeFileSync(fd, text);
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    rmSync(temp, { force: true });
    throw error;
  }
  closeSync(fd);
  renameSync(temp, path);
  syncDirectory(dir);
}

/** writeFileAtomic for a file of the state directory: one that is a symbolic link is refused, never replaced. */
export function writeStateFileAtomic(path: string, text: string): void {
  refuseLink(path);
  writeFileAtomic(path, text);
}

/**
 * Removes the temporary files a writer killed before its rename left beside `path`: the target still holds
 * the old content, so they are only litter. Call it only while no other process writes `path`.
 */
export function removeLeftoverTemps(path: string): void {
  const prefix = tempPrefix(path);
  let names: string[];
  try {
    names = readdirSync(dirname(path));
  } catch {
    return;
  }
  for (const name of names) if (name.startsWith(prefix) && name.endsWith('.tmp')) rmSync(join(dirname(path), name), { force: true });
}

function tempPrefix(path: string): string {
  return `.${basename(path)}.`;
}

/** Makes the rename durable; some file systems refuse to open a directory for syncing, which costs only durability. */
function syncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    return;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
