import { describe, expect, it } from 'vitest';
import { createPainter } from '../../source/ui/paint.js';
import { columnHeadings, columnsFor, firstProbeStatus, fit, formatGroupHeader, formatRow, HEALTH_GLYPH, rowWidth } from '../../source/ui/format-row.js';
import { stringWidth } from '../../source/text/text-width.js';
import { loadTheme } from '../../source/ui/theme.js';
import { apiConfig } from '../helpers/config.js';
import { FLEET } from '../helpers/fleet.js';
import { failing, summary } from '../helpers/summaries.js';

const plain = createPainter(loadTheme('dark'), false);
const coloured = createPainter(loadTheme('dark'), true);

describe('columnsFor', () => {
  it.each([
    { width: 140, family: true, p50: true, avail: true, lastError: true },
    { width: 120, family: false, p50: true, avail: true, lastError: true },
    { width: 100, family: false, p50: true, avail: true, lastError: true },
    { width: 99, family: false, p50: false, avail: true, lastError: true },
    { width: 80, family: false, p50: false, avail: true, lastError: true },
    { width: 79, family: false, p50: false, avail: false, lastError: true },
    { width: 60, family: false, p50: false, avail: false, lastError: true },
  ])('at $width columns: family $family, p50 $p50, availability $avail, last error $lastError', ({ width, family, p50, avail, lastError }) => {
    const cols = columnsFor(width);
    expect(cols.family > 0).toBe(family);
    expect(cols.p50 > 0).toBe(p50);
    expect(cols.avail > 0).toBe(avail);
    expect(cols.lastError > 0).toBe(lastError);
    expect(cols.name).toBeGreaterThanOrEqual(10);
    expect(cols.p95).toBeGreaterThan(0);
    expect(cols.fiveXx).toBeGreaterThan(0);
  });

  it.each([
    { width: 140, name: 31, alarm: 36 },
    { width: 120, name: 32, alarm: 36 },
    { width: 100, name: 36, alarm: 20 },
    { width: 80, name: 23, alarm: 20 },
  ])('gives the name most of the room at $width columns, and the alarm column $alarm', ({ width, name, alarm }) => {
    expect(columnsFor(width).name).toBe(name);
    expect(columnsFor(width).lastError).toBe(alarm);
  });

  it('has room at 120 columns for an overdue SLA clock in full', () => {
    const status = { text: '‼ SLA BREACH: triage overdue 1h12m HighLatency', role: 'breach' } as const;
    const row = formatRow({ api: apiConfig({ name: 'MediaWiki REST - page' }), summary: failing(), health: 'failing', selected: false, status }, columnsFor(120), plain);
    expect(row).toContain('‼ SLA BREACH: triage overdue 1h12m');
  });

  it.each([120, 100, 80, 60])('fits a whole row into %d columns', (width) => {
    const cols = columnsFor(width);
    const row = formatRow({ api: apiConfig({ name: 'A rather long API name that will not fit anywhere at all' }), summary: failing(), health: 'failing', selected: true }, cols, plain);
    expect(stringWidth(row)).toBeLessThanOrEqual(width);
    expect(stringWidth(columnHeadings(cols))).toBeLessThanOrEqual(width);
  });
});

describe('fit', () => {
  it.each([
    { text: 'abc', width: 5, align: 'left', out: 'abc  ' },
    { text: 'abc', width: 5, align: 'right', out: '  abc' },
    { text: 'abcdef', width: 4, align: 'left', out: 'abc…' },
    { text: '東京東京', width: 5, align: 'left', out: '東京…' },
    { text: 'abc', width: 0, align: 'left', out: '' },
  ] as const)('fits $text into $width cells ($align)', ({ text, width, align, out }) => {
    expect(fit(text, width, align)).toBe(out);
    expect(stringWidth(fit(text, width, align))).toBe(width);
  });
});

describe('formatRow', () => {
  const api = apiConfig({ name: 'MediaWiki REST - page', family: 'MediaWiki REST' });

  it('shows glyph, name, family, sparkline, p50/p95, 5xx rate, availability and the last error class', () => {
    const row = formatRow({ api, summary: failing(), health: 'failing', selected: false }, columnsFor(140), plain);
    expect(row).toContain(`${HEALTH_GLYPH.failing} MediaWiki REST - page`);
    expect(row).toContain('MediaWiki REST');
    expect(row).toMatch(/ 40 +80 +50% +50% +5xx/);
  });

  it('shows a rate with no data as "-", never 0% or 100%', () => {
    const noData = summary({ errorRate5xx: undefined, errorRate: undefined, availability: undefined, lastOutcome: 'error', lastError: 'error' });
    const row = formatRow({ api, summary: noData, health: 'unknown', selected: false }, columnsFor(120), plain);
    expect(row).toMatch(/ 40 +80 +- +- +error/);
    expect(row).not.toContain('%');
  });

  it('shows no 5xx rate for an API that never answered (DNS failure): "-", not 0%', () => {
    const dns = summary({ errorRate5xx: 0, errorRate: 1, availability: 0, statusCounts: { dns: 6 }, lastOutcome: 'dns', lastError: 'dns' });
    const row = formatRow({ api, summary: dns, health: 'failing', selected: false }, columnsFor(120), plain);
    expect(row).toMatch(/ 80 +- +0% /);
  });

  it('marks the selected row with a cursor and inverse video, both of which read without colour', () => {
    expect(formatRow({ api, summary: summary(), health: 'healthy', selected: true }, columnsFor(100), plain).startsWith('\u001b[7m›●')).toBe(true);
    expect(formatRow({ api, summary: summary(), health: 'healthy', selected: false }, columnsFor(100), plain).startsWith(' ●')).toBe(true);
  });

  it('shows the stored history\'s figures until this run has probed (warm start), under the insufficient-data glyph', () => {
    const warm = summary({ samples: 0, latency: {}, errorRate5xx: undefined, availability: undefined, stored: { probes: 12, latency: { p50: 1150, p95: 1210 }, errorRate5xx: 1 / 6, availability: 5 / 6 } });
    const row = formatRow({ api, summary: warm, health: 'unknown', selected: false }, columnsFor(120), plain);
    expect(row).toMatch(/^ ○ .* 1150 +1210 +17% +83%/);
  });

  it('tells two APIs of one family apart at 80 columns, where their whole names do not fit', () => {
    const rows = ['page summary', 'page HTML'].map((part) =>
      formatRow({ api: apiConfig({ name: `Wikimedia REST - ${part}`, family: 'Wikimedia REST' }), summary: summary(), health: 'healthy', selected: false }, columnsFor(80), plain),
    );
    expect(rows[0]).toContain('page summary');
    expect(rows[1]).toContain('page HTML');
  });

  it('shows dashes, not zeros, for an API without data', () => {
    const row = formatRow({ api, summary: undefined, health: 'unknown', selected: false }, columnsFor(120), plain);
    expect(row).toContain(HEALTH_GLYPH.unknown);
    expect(row).toMatch(/ - +- +- +-/);
  });

  it('strips escape sequences from the name', () => {
    const row = formatRow({ api: apiConfig({ name: 'evil\u001b[2Jname' }), summary: undefined, health: 'unknown', selected: false }, columnsFor(100), plain);
    expect(row).toContain('evilname');
    expect(row).not.toContain('\u001b');
  });

  it('says a throttled API is throttled and for how long, not its last error', () => {
    const throttled = failing({ lastError: 'throttled', throttled: { since: 0, retryAfterMs: 999_999_999_999_000, backoffMs: 600_000 } });
    const row = formatRow({ api, summary: throttled, health: 'failing', selected: false }, columnsFor(120), plain);
    expect(row).toMatch(/ throttled \(429\) 10m *$/);
  });

  it('colours by health only when colour is on', () => {
    const on = formatRow({ api, summary: failing(), health: 'failing', selected: true }, columnsFor(120), coloured);
    expect(on).toContain('\u001b[');
  });
});

describe('formatGroupHeader', () => {
  it('names the team, its main contact and its counts', () => {
    const team = FLEET.teams[0]!;
    expect(formatGroupHeader(team, { total: 3, failing: 1, degraded: 1 }, 100, plain).trimEnd()).toBe(
      '▸ MediaWiki Interfaces (mwi) · #mediawiki-interfaces · 3 APIs, 1 failing, 1 degraded',
    );
  });

  it('calls out the Unassigned group', () => {
    expect(formatGroupHeader(undefined, { total: 1, failing: 0, degraded: 0 }, 80, plain).trimEnd()).toBe('▸ Unassigned: no owning team · 1 API');
  });
});

describe('firstProbeStatus', () => {
  const startedAt = new Date(2026, 0, 1, 14, 4, 10).getTime();

  it('says an API is not probed yet and the minute its first probe is due by', () => {
    expect(firstProbeStatus(apiConfig({ intervalMs: 30_000 }), undefined, startedAt)).toEqual({ text: 'first probe by 14:05', role: 'dim' });
    expect(firstProbeStatus(apiConfig({ intervalMs: 3_600_000 }), { ...summary(), lastSampleAt: undefined }, startedAt)).toEqual({ text: 'first probe by 15:05', role: 'dim' });
  });

  it('says nothing once a probe has landed', () => {
    expect(firstProbeStatus(apiConfig(), { ...summary(), lastSampleAt: startedAt + 500 }, startedAt)).toBeUndefined();
  });

  it('fits the status column of an 80-column terminal without being cut', () => {
    const row = formatRow({ api: apiConfig(), summary: undefined, health: 'unknown', selected: false, status: firstProbeStatus(apiConfig(), undefined, startedAt) }, columnsFor(80), plain);
    expect(row).toContain('first probe by 14:05');
  });
});

describe('trailing spaces, which Ink would tokenise and write on every frame', () => {
  const visible = (line: string): string => line.replace(/\u001b\[[0-9;]*m/g, '');
  const status = { text: 'firing HighLatency', role: 'failing' } as const;
  const cols = columnsFor(200);

  it.each([
    ['the column headings', () => columnHeadings(cols)],
    ['a group header', () => formatGroupHeader(FLEET.teams[0]!, { total: 3, failing: 1, degraded: 0 }, 199, coloured)],
    ['a row with a short status', () => formatRow({ api: apiConfig({ name: 'MediaWiki REST - page' }), summary: failing(), health: 'failing', selected: false, status }, cols, coloured)],
  ])('are not written after %s', (_what, line) => {
    expect(visible(line())).not.toMatch(/ $/);
  });

  it('are kept under the selected row, whose background spans the columns', () => {
    const row = formatRow({ api: apiConfig({ name: 'MediaWiki REST - page' }), summary: failing(), health: 'failing', selected: true, status }, cols, coloured);
    expect(stringWidth(visible(row))).toBe(rowWidth(cols));
  });
});
