import { chmodSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { COMPACT_MIN_LINES } from '../../source/notify/journal-compaction.js';
import type { HeldItem, Message } from '../../source/notify/message.js';
import { Outbox, OUTBOX_FILE } from '../../source/notify/outbox.js';
import { StateFileError } from '../../source/persistence/state-file-error.js';
import { tempDir, useTempDir } from '../helpers/temp-dir.js';
import { config, event, message, T0 } from './helpers.js';

const cfg = config(`channels:\n  hook: { type: webhook, url: "http://127.0.0.1:9/hook" }\n`);

function numbered(n: number): Message {
  return { ...message(cfg, 'hook', [event('firing')]), id: `m-${n}` };
}

function heldItem(n: number): HeldItem {
  return { id: `h-${n}`, channel: 'hook', dueAt: T0 + 30_000, item: numbered(n).items[0]! };
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
    const result = Outbox.open(dir.path, T0);
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

  const aside = (): string => `${file}.corrupt-${new Date(T0).toISOString().replaceAll(':', '-')}`;
  const enqueueLine = (m: Message): string => `${JSON.stringify({ op: 'enqueue', message: m })}\n`;

  it('moves records of the wrong shape aside, byte for byte, with one warning counting them, and keeps the rest', () => {
    const item = numbered(9).items[0]!;
    const wrong = [
      '{"op":"enqueue","message":{"id":"x","channel":"hook","groupKey":"hook/","createdAt":1,"items":[{}]}}',
      JSON.stringify({ op: 'enqueue', message: { ...numbered(8), items: [] } }),
      JSON.stringify({ op: 'enqueue', message: { ...numbered(7), items: [{ ...item, alarm: { ...item.alarm, severity: 'urgent' } }] } }),
      '{"op":"delivered"}',
      '[1,2,3]',
    ];
    writeFileSync(file, `${enqueueLine(numbered(1))}${wrong.join('\n')}\n${enqueueLine(numbered(2))}`);
    const { pending, warnings } = open();
    expect(pending.map((m) => m.id)).toEqual(['m-1', 'm-2']);
    expect(warnings).toEqual([`outbox ${file}: 5 records unreadable (first on line 2), moved to ${aside()}`]);
    expect(readFileSync(aside(), 'utf8')).toBe(`${wrong.join('\n')}\n`);
    expect(readFileSync(file, 'utf8')).toBe(`${enqueueLine(numbered(1))}${enqueueLine(numbered(2))}`);
  });

  it('stays bounded over many held and released items and still holds the ones never released, in the order held', () => {
    const { outbox } = open();
    outbox.hold([heldItem(0)]);
    outbox.enqueue(numbered(0));
    for (let n = 1; n <= COMPACT_MIN_LINES; n += 1) {
      outbox.hold([heldItem(n)]);
      outbox.release([`h-${n}`]);
    }
    outbox.hold([heldItem(9_999)]);
    outbox.release(['h-no-such']);
    expect(lineCount()).toBeLessThanOrEqual(COMPACT_MIN_LINES);
    outbox.close();
    const reopened = open();
    expect(reopened.held.map((h) => h.id)).toEqual(['h-0', 'h-9999']);
    expect(reopened.held[0]).toEqual(heldItem(0));
    expect(reopened.pending.map((m) => m.id)).toEqual(['m-0']);
  });

  it('releases a batch of held items with one record', () => {
    const { outbox } = open();
    outbox.hold([heldItem(1), heldItem(2), heldItem(3)]);
    outbox.release(['h-1', 'h-3']);
    outbox.close();
    expect(open().held.map((h) => h.id)).toEqual(['h-2']);
  });

  it('moves hold and release records of the wrong shape aside, and keeps the well-formed ones', () => {
    const good = heldItem(1);
    const wrong = [
      JSON.stringify({ op: 'hold', id: 'h-x', channel: 'hook', item: good.item }),
      JSON.stringify({ op: 'hold', ...good, id: 'h-y', item: { ...good.item, kind: 'paged' } }),
      JSON.stringify({ op: 'release', ids: 'h-1' }),
      JSON.stringify({ op: 'release' }),
    ];
    writeFileSync(file, `${JSON.stringify({ op: 'hold', ...good })}
${wrong.join('\n')}\n`);
    const { held, warnings } = open();
    expect(held).toEqual([good]);
    expect(warnings).toEqual([`outbox ${file}: 4 records unreadable (first on line 2), moved to ${aside()}`]);
    expect(readFileSync(aside(), 'utf8')).toBe(`${wrong.join('\n')}\n`);
  });

  it('keeps the exact bytes of binary junk it moves aside, and reads the records around it', () => {
    let seed = 7;
    const junk = Buffer.alloc(64 * 1024, 0);
    for (let i = 0; i < junk.length; i += 1) {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      // Printable or high bytes only, a newline every 100: no line of it is blank, so all of it goes aside.
      junk[i] = i % 100 === 99 ? 0x0a : 0x21 + (seed % 0xde);
    }
    writeFileSync(file, Buffer.concat([Buffer.from(enqueueLine(numbered(1))), junk, Buffer.from(`\n${enqueueLine(numbered(2))}`)]));
    const { pending, warnings } = open();
    expect(pending.map((m) => m.id)).toEqual(['m-1', 'm-2']);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/: 656 records unreadable \(first on line 2\), moved to /);
    expect(readFileSync(aside()).equals(Buffer.concat([junk, Buffer.from('\n')]))).toBe(true);
  });

  it('reads back every optional field the pipeline writes, and a value JSON could only write as null', () => {
    const base = numbered(1);
    const item = base.items[0]!;
    const full: Message = {
      ...base,
      teamName: 'MediaWiki Interfaces',
      items: [
        {
          ...item,
          kind: 'acknowledged',
          actor: 'ana',
          note: 'looking',
          escalationLevel: 1,
          escalationTarget: 'oncall@example.org',
          sla: 'triage due in 12m',
          alarm: { ...item.alarm, value: Number.POSITIVE_INFINITY, ack: { by: 'ana', at: T0, note: 'looking' }, transitions: [{ at: T0, from: 'none', to: 'firing', value: 1 }] },
        },
      ],
    };
    const { outbox } = open();
    outbox.enqueue(full);
    outbox.close();
    expect(open()).toMatchObject({ pending: [{ id: 'm-1', items: [{ kind: 'acknowledged', actor: 'ana', alarm: { value: null } }] }], warnings: [] });
  });

  it('leaves the journal untouched when the unreadable records cannot be moved aside, saying so', () => {
    const text = `${enqueueLine(numbered(1))}{"op":"enqueue"}\n`;
    writeFileSync(file, text);
    mkdirSync(aside());
    const { pending, warnings } = open();
    expect(pending.map((m) => m.id)).toEqual(['m-1']);
    expect(warnings).toEqual([expect.stringMatching(new RegExp(`^outbox ${file}: 1 record unreadable \\(line 2\\), left in place: cannot write ${aside()} \\(EISDIR`))]);
    expect(readFileSync(file, 'utf8')).toBe(text);
  });
});

describe('an outbox that cannot be used', () => {
  const dirs = useTempDir('api-health-outbox-unusable-');

  it('refuses the start in one line, leaving it in place: starting without it would drop what teams are owed', () => {
    const dir = dirs();
    mkdirSync(join(dir, OUTBOX_FILE));
    expect(() => Outbox.open(dir, T0)).toThrow(StateFileError);
    expect(() => Outbox.open(dir, T0)).toThrow(/^cannot use the outbox .*outbox\.jsonl \(EISDIR.*\): it holds the notifications owed to teams; make it readable and writable by this user, or point --state-dir elsewhere$/);
    expect(readdirSync(dir)).toEqual([OUTBOX_FILE]);
  });
});
