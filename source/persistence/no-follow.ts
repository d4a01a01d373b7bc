import { closeSync, constants, fstatSync, ftruncateSync, lstatSync, openSync, readFileSync, writeFileSync } from 'node:fs';

/**
 * Opening state files without following a symbolic link at their name (O_NOFOLLOW): a link planted as
 * events.jsonl or state.json would otherwise make the monitor append to, truncate or read whatever file it
 * names. The kernel refuses in the same call that opens, so no check can be raced between looking and opening.
 */
const OPEN_FLAGS = {
  read: constants.O_RDONLY,
  append: constants.O_WRONLY | constants.O_CREAT | constants.O_APPEND,
  truncate: constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC,
} as const;

/** Said instead of the kernel's "ELOOP: too many symbolic links encountered", which names no cause a user would look for. */
export const SYMLINK_REFUSED = 'it is a symbolic link, and state files are never followed through links: remove the link';

export function openNoFollow(path: string, how: keyof typeof OPEN_FLAGS, mode = 0o600): number {
  try {
    return openSync(path, OPEN_FLAGS[how] | constants.O_NOFOLLOW, mode);
  } catch (error) {
    throw refusedLink(error);
  }
}

export function readFileNoFollow(path: string): Buffer {
  const fd = openNoFollow(path, 'read');
  try {
    return readFileSync(fd);
  } finally {
    closeSync(fd);
  }
}

export function appendFileNoFollow(path: string, text: string, mode = 0o600): void {
  const fd = openNoFollow(path, 'append', mode);
  try {
    appendWhole(fd, text);
  } finally {
    closeSync(fd);
  }
}

/**
 * Appends all of `text` or none of it. A disk that fills mid-write takes part of it (a write returns short, the
 * next one fails): the file is cut back to where it ended, so no torn line is left for the retry to follow.
 */
export function appendWhole(fd: number, text: string): void {
  const end = fstatSync(fd).size;
  try {
    // writeFileSync goes on after a short write, and throws when the rest cannot be written.
    writeFileSync(fd, text);
  } catch (error) {
    try {
      ftruncateSync(fd, end);
    } catch {
      // Nothing more can be done: the reader skips a torn line.
    }
    throw error;
  }
}

/**
 * Throws when `path` is a symbolic link, before a state file is replaced by rename: rename never writes through
 * a link, but it would silently put a file where the user put a link. A missing file is fine.
 */
export function refuseLink(path: string): void {
  let isLink: boolean;
  try {
    isLink = lstatSync(path).isSymbolicLink();
  } catch {
    return;
  }
  if (isLink) throw Object.assign(new Error(SYMLINK_REFUSED), { code: 'ELOOP' });
}

/** The first of `paths` that is a symbolic link, or undefined. */
export function firstLink(paths: readonly string[]): string | undefined {
  return paths.find((path) => {
    try {
      refuseLink(path);
      return false;
    } catch {
      return true;
    }
  });
}

/** ELOOP from O_NOFOLLOW as an error that says what it is; its code stays ELOOP for callers that test codes. */
function refusedLink(error: unknown): unknown {
  if ((error as NodeJS.ErrnoException).code !== 'ELOOP') return error;
  return Object.assign(new Error(SYMLINK_REFUSED), { code: 'ELOOP' });
}
