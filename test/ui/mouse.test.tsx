import { afterEach, describe, expect, it } from 'vitest';
import { selectedRowIndex } from '../../source/state/selectors.js';
import { handleKey } from '../../source/ui/key-table.js';
import { decodeKey, splitKeys } from '../../source/ui/key-stream.js';
import { apiAtScreenRow } from '../../source/ui/list-window.js';
import type { FleetStore } from '../../source/state/fleet-state.js';
import { fleetStore } from '../helpers/fleet.js';
import { renderApp } from '../helpers/render-app.js';

const WHEEL_DOWN = '\u001b[<65;10;8M';
const WHEEL_UP = '\u001b[<64;10;8M';
const click = (row: number, release = false): string => `\u001b[<0;10;${row}${release ? 'm' : 'M'}`;

/** Feeds a chunk through the decoder and the key table, as the dashboard does. */
function send(store: FleetStore, chunk: string, apiAtRow?: (row: number) => string | undefined): void {
  for (const key of splitKeys(chunk)) handleKey({ state: store.getState(), key: decodeKey(key), pageSize: 10, quit: () => {}, apiAtRow });
}
const cursor = (store: FleetStore): number => selectedRowIndex(store.getState().selectRows(store.getState()), store.getState().ui);
const selectedId = (store: FleetStore): string | undefined => store.getState().selectRows(store.getState()).apis[cursor(store)]?.id;

describe('mouse reports as actions', () => {
  it('moves the selection three rows down per wheel notch', () => {
    const store = fleetStore();
    send(store, WHEEL_DOWN);
    expect(cursor(store)).toBe(3);
  });

  it('moves it back up with the wheel the other way', () => {
    const store = fleetStore();
    send(store, `${'\u001b[F'}${WHEEL_UP}`);
    expect(cursor(store)).toBe(store.getState().selectRows(store.getState()).apis.length - 1 - 3);
  });

  it('moves the alarms view cursor too, not the dashboard rows', () => {
    const store = fleetStore();
    send(store, 'A' + WHEEL_DOWN);
    expect(cursor(store)).toBe(0);
  });

  it('selects the API a click lands on', () => {
    const store = fleetStore();
    const target = store.getState().selectRows(store.getState()).apis[4]!.id;
    send(store, click(9), (row) => (row === 9 ? target : undefined));
    expect(selectedId(store)).toBe(target);
  });

  it('ignores the release of the button and a click where no API is drawn', () => {
    const store = fleetStore();
    const before = selectedId(store);
    send(store, click(9, true) + click(2), (row) => (row === 9 ? 'portal' : undefined));
    expect(selectedId(store)).toBe(before);
  });

  it('is not typed into the filter', () => {
    const store = fleetStore();
    send(store, `/${WHEEL_DOWN}${click(5)}x`);
    expect(store.getState().ui.filterDraft).toBe('x');
  });
});

describe('the API under a screen row', () => {
  const rows = fleetStore().getState().selectRows(fleetStore().getState());

  it('skips the lines above the list and starts at the top line shown', () => {
    const firstApiLine = rows.lines.findIndex((l) => l.kind === 'api');
    const line = rows.lines[firstApiLine]!;
    expect(apiAtScreenRow(rows, 0, 3, 20, 3 + 1 + firstApiLine)).toBe(line.kind === 'api' ? line.api.id : undefined);
  });

  it('is undefined over a group heading, above the list and below it', () => {
    expect(rows.lines[0]!.kind).toBe('group');
    expect(apiAtScreenRow(rows, 0, 3, 20, 4)).toBeUndefined();
    expect(apiAtScreenRow(rows, 0, 3, 20, 3)).toBeUndefined();
    expect(apiAtScreenRow(rows, 0, 3, 2, 6)).toBeUndefined();
  });
});

describe('clicks in the rendered dashboard', () => {
  let unmount: (() => void) | undefined;
  afterEach(() => unmount?.());

  it('selects the row drawn where the click lands', async () => {
    const app = await renderApp(fleetStore());
    unmount = app.unmount;
    const lines = app.lines();
    const row = lines.findIndex((l) => l.includes('MediaWiki REST - page'));
    expect(app.selected()).not.toContain('MediaWiki REST - page');
    await app.press(click(row + 1));
    await app.waitForFrame(() => app.selected()?.includes('MediaWiki REST - page') === true, 'the clicked row selected');
  });
});
