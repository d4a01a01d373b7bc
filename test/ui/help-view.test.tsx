import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { fleetStore } from '../helpers/fleet.js';
import { KEY, renderApp } from '../helpers/render-app.js';
import { KEY_TABLE } from '../../source/ui/key-table.js';
import { LEGEND, pack, wrap } from '../../source/ui/HelpView.js';

afterEach(() => cleanup());

/** Every screen the help shows from its top to its end, paged with PgDn. */
async function helpScreens(app: Awaited<ReturnType<typeof renderApp>>): Promise<string> {
  await app.press('?');
  await app.waitForFrame((f) => f.includes('Legend'), 'the help');
  const screens = [app.frame()];
  while (!app.frame().includes('the end: k, PgUp, Home')) {
    await app.press(KEY.pageDown);
    screens.push(app.frame());
    expect(screens.length, 'pages of help').toBeLessThan(20);
  }
  return screens.join('\n');
}

describe('help at 80x24', () => {
  it('scrolls to keys below the first screen', async () => {
    const app = await renderApp(fleetStore(), { columns: 80, rows: 24 });
    await app.press('?');
    const first = await app.waitForFrame((f) => f.includes('↓ more: j, PgDn, End'), 'the help with more below');
    expect(first).not.toContain('cancel the dialog');
    await app.press(KEY.end);
    await app.waitForFrame((f) => f.includes('cancel the dialog') && f.includes('the end: k, PgUp, Home'), 'the end of the help');
    await app.press(KEY.home);
    await app.waitForFrame((f) => f.includes('Legend'), 'the top again');
    await app.press('j');
    await app.waitForFrame((f) => !f.includes('Legend') && f.includes('lines 2–'), 'one line down');
    await app.press('k');
    await app.waitForFrame((f) => f.includes('Legend'), 'one line up');
  });

  it('names every key of the key table, with its words, between the footer and the scrolled help', async () => {
    const app = await renderApp(fleetStore(), { columns: 80, rows: 24 });
    const footer = app.lines().at(-1)!;
    const seen = `${footer}\n${await helpScreens(app)}`;
    for (const binding of KEY_TABLE) {
      expect(seen, binding.label).toContain(binding.label);
      expect(seen, `${binding.label}: ${binding.help}`).toContain(binding.help.split(' ').slice(0, 3).join(' '));
    }
  });

  it('explains every symbol of the legend', () => {
    for (const symbol of ['●', '▲', '✘', '○', '×', '‼', '!', '~', 'L1', '›']) {
      expect(LEGEND.some((entry) => entry.startsWith(`${symbol} `)), symbol).toBe(true);
    }
  });

  it('wraps at spaces', () => {
    expect(wrap('one two three four', 9)).toEqual(['one two', 'three', 'four']);
  });

  it('packs the legend whole entries to a line', () => {
    expect(pack(['● healthy', '✘ failing', '! a critical alarm'], 24)).toEqual(['● healthy   ✘ failing', '! a critical alarm']);
  });
});

describe('the footer', () => {
  it.each([80, 120])('at %i columns begins with the keys used most and ends with `? more`', async (columns) => {
    const app = await renderApp(fleetStore(), { columns, rows: 24 });
    const footer = app.lines().at(-1)!.trimEnd();
    expect(footer.startsWith('/ filter  j/k move  Enter detail  A Tab alarms  a ack  m mute')).toBe(true);
    expect(footer.endsWith('? more')).toBe(true);
    expect(footer.length).toBeLessThanOrEqual(columns);
  });

  it('in the help says how to scroll and go back, without `? more`', async () => {
    const app = await renderApp(fleetStore(), { columns: 80, rows: 24 });
    await app.press('?');
    await app.waitForFrame((f) => f.includes('Legend'), 'the help');
    const footer = app.lines().at(-1)!;
    expect(footer).toContain('j/k move');
    expect(footer).toContain('Esc back');
    expect(footer).not.toContain('? more');
  });
});
