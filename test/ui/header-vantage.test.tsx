import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { withVantage } from '../../source/config/vantage.js';
import { FLEET, fleetStore } from '../helpers/fleet.js';
import { renderApp } from '../helpers/render-app.js';

afterEach(() => cleanup());

describe('the header of a probing dashboard', () => {
  it('says which vantage the figures are measured from', async () => {
    const app = await renderApp(fleetStore({ config: withVantage(FLEET, 'codfw', undefined) }), { columns: 200 });
    expect(app.lines()[0]).toMatch(/ {2}from codfw$/);
  });

  it('drops the vantage before anything about the APIs on a narrow terminal', async () => {
    const app = await renderApp(fleetStore({ config: withVantage(FLEET, 'codfw', undefined) }), { columns: 80 });
    expect(app.lines()[0]).not.toContain('codfw');
    expect(app.lines()[0]).toContain('failing');
  });
});
