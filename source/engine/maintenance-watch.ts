import { statSync } from 'node:fs';
import type { MaintenanceWindow } from '../config/types.js';
import { asMaintenanceWindow, maintenanceFile, readMaintenanceList } from '../persistence/maintenance-file.js';

/** `maintenance start` from another shell is seen within this; a stat is all a turn costs when nothing changed. */
const CHECK_EVERY_MS = 1_000;

/**
 * The state directory's maintenance list as a running engine sees it: `maintenance start` and `stop` write
 * the file while monitor holds the state lock, so it is re-read whenever it changed.
 */
export class MaintenanceWatch {
  private readonly file: string;
  private seen: string | undefined;
  private checkedAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly dir: string) {
    this.file = maintenanceFile(dir);
  }

  /** The windows when the file changed since the last look (at most once a second), else undefined. */
  poll(now: number): { windows: MaintenanceWindow[]; warning?: string | undefined } | undefined {
    if (now - this.checkedAt < CHECK_EVERY_MS && now >= this.checkedAt) return undefined;
    this.checkedAt = now;
    const stamp = fileStamp(this.file);
    if (stamp === this.seen) return undefined;
    this.seen = stamp;
    const { list, warning } = readMaintenanceList(this.dir);
    return { windows: list.windows.map(asMaintenanceWindow), warning };
  }
}

function fileStamp(file: string): string {
  try {
    const stat = statSync(file);
    return `${stat.ino}:${stat.size}:${stat.mtimeMs}`;
  } catch {
    return 'none';
  }
}
