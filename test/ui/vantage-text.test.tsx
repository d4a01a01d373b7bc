import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { DetailPane } from '../../source/ui/DetailPane.js';
import { createPainter } from '../../source/ui/paint.js';
import type { Theme } from '../../source/ui/theme.js';
import { vantageCount, vantageMarks, withVantages } from '../../source/ui/vantage-text.js';
import type { ApiVantages } from '../../source/state/vantage-view.js';
import { fleetStore } from '../helpers/fleet.js';
import { renderApp } from '../helpers/render-app.js';

afterEach(() => cleanup());

const regional: ApiVantages = {
  quorum: 2,
  vantages: [
    { name: 'codfw', failing: true, p95Ms: 312.4 },
    { name: 'eqiad', failing: false, p95Ms: 41 },
    { name: 'ulsfo', failing: false },
  ],
};

describe('vantages in a row', () => {
  it('marks each vantage, or counts them when that does not fit', () => {
    expect(vantageMarks(regional)).toBe('codfw ✘ eqiad ● ulsfo ●');
    expect(vantageCount(regional)).toBe('1/3 ✘');
    expect(vantageCount({ quorum: 2, vantages: regional.vantages.map((v) => ({ ...v, failing: false })) })).toBe('3/3 ●');
  });

  it.each([
    [60, 'codfw ✘ eqiad ● ulsfo ●  failing from codfw only'],
    [30, '1/3 ✘  failing from codfw only'],
  ])('at %i cells says %j, the verdict before the alarm', (width, text) => {
    expect(withVantages({ text: 'High5xx firing', role: 'failing' }, regional, width)).toEqual({ text, role: 'degraded' });
  });

  it('keeps the alarm text while every vantage sees the API fine', () => {
    const fine = { quorum: 2, vantages: regional.vantages.map((v) => ({ ...v, failing: false })) };
    expect(withVantages({ text: 'acked', role: 'info' }, fine, 60)).toEqual({ text: 'codfw ● eqiad ● ulsfo ●  acked', role: 'info' });
  });

  it('leaves a row alone without vantages (a dashboard that probes for itself)', () => {
    expect(withVantages(undefined, undefined, 60)).toBeUndefined();
  });

  it('leaves a row alone with a single vantage, where nothing is regional', () => {
    const alone = { quorum: 1, vantages: [{ name: 'eqiad', failing: true }] };
    expect(withVantages({ text: 'High5xx firing', role: 'failing' }, alone, 60)).toEqual({ text: 'High5xx firing', role: 'failing' });
  });

  it('shows them in the fleet list of a --remote dashboard', async () => {
    const store = fleetStore();
    store.getState().actions.applyVantages({ 'mw-page': regional });
    const app = await renderApp(store, { columns: 200 });
    expect(app.lines().find((line) => line.includes('MediaWiki REST - page'))).toContain('codfw ✘ eqiad ● ulsfo ●  failing from codfw only');
  });
});

describe('vantages in the API detail', () => {
  it('gives each vantage its mark and p95, and the verdict with its quorum', () => {
    const store = fleetStore();
    store.getState().actions.applyVantages({ 'mw-page': regional });
    store.getState().actions.selectApi('mw-page');
    const frame = render(<DetailPane store={store} painter={createPainter({} as Theme, false)} width={160} height={40} />).lastFrame() ?? '';
    expect(frame).toMatch(/^vantages\s+codfw ✘ p95 312 ms {3}eqiad ● p95 41 ms {3}ulsfo ● -$/m);
    expect(frame).toMatch(/^verdict\s+failing from codfw only: regional \(quorum 2 of 3\)$/m);
  });
});
