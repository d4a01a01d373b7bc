import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { COMPACT_MIN_LINES } from '../../source/notify/journal-compaction.js';
import { LOG_FILE, NotificationLog } from '../../source/notify/notification-log.js';
import { tempDir } from '../helpers/temp-dir.js';
import { T0 } from './helpers.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('NotificationLog', () => {
  let dir: ReturnType<typeof tempDir>;
  let file: string;

  beforeEach(() => {
    dir = tempDir();
    file = join(dir.path, LOG_FILE);
  });
  afterEach(() => dir.remove());

  const lineCount = () => readFileSync(file, 'utf8').split('\n').filter(Boolean).length;

  it('is readable by its owner only', () => {
    const { log } = NotificationLog.open(dir.path, T0, DAY);
    log.remember(['k'], T0);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('forgets entries past the retention during a long run, keeping the file bounded', () => {
    const { log } = NotificationLog.open(dir.path, T0, DAY);
    const hours = 60 * 24;
    for (let h = 0; h < hours; h += 1) log.remember([`a-${h}`, `b-${h}`], T0 + h * HOUR);
    expect(lineCount()).toBeLessThanOrEqual(COMPACT_MIN_LINES);
    expect(log.has(`a-${hours - 1}`)).toBe(true);
    expect(log.has('a-0')).toBe(false);

    const reopened = NotificationLog.open(dir.path, T0 + (hours - 1) * HOUR, DAY).log;
    expect(reopened.has(`b-${hours - 1}`)).toBe(true);
    expect(reopened.has(`b-${hours - 30}`)).toBe(false);
  });

  it('moves entries of the wrong shape aside with one warning and keeps the rest', () => {
    writeFileSync(file, `${JSON.stringify({ key: 'good', at: T0 })}\n{"key":1,"at":"soon"}\nnot json\n`);
    const { log, warnings } = NotificationLog.open(dir.path, T0, DAY);
    const aside = `${file}.corrupt-${new Date(T0).toISOString().replaceAll(':', '-')}`;
    expect(warnings).toEqual([`notification log ${file}: 2 entries unreadable (first on line 2), moved to ${aside}`]);
    expect(log.has('good')).toBe(true);
    expect(readFileSync(aside, 'utf8')).toBe('{"key":1,"at":"soon"}\nnot json\n');
    expect(lineCount()).toBe(1);
  });
});
