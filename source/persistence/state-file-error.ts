/**
 * A state file the program must not start without and cannot use as it is (unreadable, or written by a newer
 * api-health): starting without it would page again for every acknowledged and muted alarm. One line, exit 2,
 * the file left where it is.
 */
export class StateFileError extends Error {
  override name = 'StateFileError';
}
