import { chmodSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { COMPACT_MIN_LINES } from '../../source/notify/journal-compaction.js';
import type { Message } from '../../source/notify/message.js';
import { Outbox, OUTBOX_FILE } from '../../source/notify/outbox.js';
import { tempDir } from '../helpers/temp-dir.js';
import { config, event, message, T0 } from './helpers.js';

const cfg = config(`channels:\n  hook: { type: webhook, url: "http://127.0.0.1:9/hook" }\n`);

function numbered(n: number): Message {
  return { ...message(cfg, 'hook', [event('firing')]), id: `m-${n}` };
}

describe('Outbox', () => {
  let dir: ReturnType<typeof tempDir>;
  let file: string;
  const opened: Outbox[] = [];

  beforeEach(() => {
    dir = tempDir();
    file = join(dir.path, OUTBOX_FILE);
  });
  afterEach(() => {
    for (const outbox of opened.splice(0)) outbox.close();
    dir.remove();
  });

  function open() {
    const result = Outbox.open(dir.path);
    opened.push(result.outbox);
    return result;
  }

  const lineCount = () => readFileSync(file, 'utf8').split('\n').filter(Boolean).length;

  it('is readable by its owner only, even when an older version left it world-readable', () => {
    writeFileSync(file, '');
    chmodSync(file, 0o644);
    open();
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('stays bounded over many deliveries and still holds the one message never delivered', () => {
    const { outbox } = open();
    outbox.enqueue(numbered(0));
    for (let n = 1; n <= 2 * COMPACT_MIN_LINES; n += 1) {
      outbox.enqueue(numbered(n));
      outbox.delivered(`m-${n}`, T0 + n);
    }
    expect(lineCount()).toBeLessThanOrEqual(COMPACT_MIN_LINES);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    outbox.close();
    expect(open().pending.map((m) => m.id)).toEqual(['m-0']);
  });

  it('loses nothing when killed mid-compaction, before the rename, and removes the temporary file it left', () => {
    const { outbox } = open();
    for (const n of [1, 2, 3]) outbox.enqueue(numbered(n));
    outbox.delivered('m-1', T0);
    outbox.close();
    const leftover = join(dir.path, `.${OUTBOX_FILE}.99999.tmp`);
    writeFileSync(leftover, `${JSON.stringify({ op: 'enqueue', message: numbered(2) }).slice(0, 40)}`);

    expect(open().pending.map((m) => m.id)).toEqual(['m-2', 'm-3']);
    expect(readdirSync(dir.path).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });
});
