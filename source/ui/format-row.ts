import type { ApiConfig, Team } from '../config/types.js';
import type { Health } from '../metrics/health.js';
import { answeredRate5xx, type MetricSummary } from '../metrics/summary.js';
import { OUTCOME_LABEL } from '../text/outcome-label.js';
import type { Painter, Run } from './paint.js';
import type { Role } from './theme.js';
import { sanitize } from '../text/sanitize.js';
import { sparkline, type SparkCell } from './sparkline.js';
import { stringWidth } from '../text/text-width.js';
import { UNASSIGNED } from '../core/labels.js';
import { formatDuration } from '../core/duration.js';
import { clockTime } from './clock-time.js';
import { distinctName } from './distinct-name.js';

export interface Columns {
  name: number;
  family: number;
  spark: number;
  p50: number;
  p95: number;
  fiveXx: number;
  avail: number;
  lastError: number;
}

/** Room for the last column's longest usual text: "‼ FIRING HighLatency +1" or "MUTED until 14:05 …". */
const STATUS_WIDTH = 20;
/** From 120 columns an overdue clock reads in full: "‼ SLA BREACH: triage overdue 1h12m". */
const WIDE_STATUS_WIDTH = 36;
const NARROW_STATUS_WIDTH = 10;

/**
 * Column widths for a terminal width: p50 goes below 100 columns, availability below 80; the status column
 * shrinks. The family (already the first words of most names) shows only from 140, where it costs no status text.
 */
export function columnsFor(width: number): Columns {
  const wide = width >= 100;
  const medium = width >= 80;
  const status = width >= 120 ? WIDE_STATUS_WIDTH : STATUS_WIDTH;
  const fixed = {
    family: width >= 140 ? 16 : 0,
    spark: width >= 160 ? 30 : width >= 140 ? 24 : width >= 120 ? 20 : medium ? 12 : 8,
    p50: wide ? 6 : 0,
    p95: 6,
    fiveXx: 5,
    avail: medium ? 6 : 0,
  };
  const used = 3 + Object.values(fixed).reduce((sum, w) => sum + (w > 0 ? w + 1 : 0), 0);
  const rest = Math.max(10, width - used);
  // The name tells rows apart ("MediaWiki REST - page" vs "- search"); the last column says which alarm fires.
  // Narrow terminals keep a short status column: a firing or muted alarm must stay visible at any width.
  const name = medium ? Math.min(36, Math.max(18, rest - status - 1)) : Math.max(10, rest - NARROW_STATUS_WIDTH - 1);
  const lastError = Math.max(0, rest - name - 1);
  return { name, ...fixed, lastError };
}

/** Cells a row (and the headings) take with these columns: the cursor mark, the glyph and a space, then each column after a space. */
export function rowWidth(cols: Columns): number {
  return 3 + cols.name + Object.entries(cols).reduce((sum, [key, w]) => sum + (key !== 'name' && w > 0 ? w + 1 : 0), 0);
}

const ASCII = /^[\x20-\x7e]*$/;

/** Pads or cuts text to exactly `width` cells (ellipsis when cut). */
export function fit(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  if (width <= 0) return '';
  const ascii = ASCII.test(text);
  const w = ascii ? text.length : stringWidth(text);
  if (w > width) {
    if (ascii) return `${text.slice(0, width - 1)}…`;
    let out = '';
    for (const ch of text) {
      if (stringWidth(out + ch) > width - 1) break;
      out += ch;
    }
    return out + ' '.repeat(Math.max(0, width - 1 - stringWidth(out))) + '…';
  }
  const pad = ' '.repeat(width - w);
  return align === 'right' ? pad + text : text + pad;
}

export const HEALTH_GLYPH: Record<Health, string> = { healthy: '●', degraded: '▲', failing: '✘', unknown: '○' };

const ms = (value: number | undefined): string => (value === undefined ? '-' : value >= 10_000 ? `${(value / 1000).toFixed(0)}s` : `${Math.round(value)}`);
export const percent = (value: number): string => (value === 0 ? '0%' : value === 1 ? '100%' : value < 0.1 ? `${(value * 100).toFixed(1)}%` : `${(value * 100).toFixed(0)}%`);

/**
 * The latency column says what it draws: the span every row covers, and the scale, one for the screen (`g`)
 * with its top, or each row's own.
 */
export function sparkHeading(cols: Pick<Columns, 'spark'>, spanMs: number, sharedMaxMs: number | undefined): string {
  const span = formatDuration(spanMs);
  if (cols.spark >= 16) return `${span}, ${sharedMaxMs === undefined ? 'own scale' : `0-${ms(sharedMaxMs)}ms`}`;
  return sharedMaxMs === undefined ? `${span} own` : `${span} ≤${ms(sharedMaxMs)}`;
}

export function columnHeadings(cols: Columns, spark = 'latency'): string {
  const parts = ['   ' + fit('API', cols.name)];
  if (cols.family) parts.push(fit('family', cols.family));
  parts.push(fit(spark, cols.spark));
  if (cols.p50) parts.push(fit('p50 ms', cols.p50, 'right'));
  parts.push(fit('p95 ms', cols.p95, 'right'), fit('5xx', cols.fiveXx, 'right'));
  if (cols.avail) parts.push(fit('avail', cols.avail, 'right'));
  if (cols.lastError) parts.push(fit('alarm / last error', cols.lastError));
  // Not padded to the last column's end: the spaces would be tokenised by Ink and written on every frame.
  return parts.join(' ').trimEnd();
}

export interface RowInput {
  api: ApiConfig;
  summary: MetricSummary | undefined;
  health: Health;
  selected: boolean;
  /** One scale for every sparkline on screen (`g`); each row's own when undefined. */
  scaleMs?: number | undefined;
  /** The sparkline's cells over the screen's span (timeCells); the last probes, one a cell, when absent. */
  spark?: readonly SparkCell[] | undefined;
  /** Replaces the last-error cell, e.g. an alarm's state; already sanitised. */
  status?: { text: string; role: 'failing' | 'degraded' | 'dim' | 'info' | 'breach' } | undefined;
}

const MINUTE = 60_000;

/**
 * The status of an API not probed yet: its first probe comes within one interval of the start (the scheduler
 * spreads them), so "by" that minute, rounded up, is always true; undefined once a probe has landed.
 */
export function firstProbeStatus(api: ApiConfig, summary: MetricSummary | undefined, startedAt: number): RowInput['status'] {
  if (api.url === undefined || summary?.lastSampleAt !== undefined) return undefined;
  const by = Math.ceil((startedAt + api.intervalMs) / MINUTE) * MINUTE;
  return { text: `first probe by ${clockTime(by, false)}`, role: 'dim' };
}

/** One API row as a finished string: every row is built here, so the render path is one Text per frame. */
export function formatRow(row: RowInput, cols: Columns, painter: Painter): string {
  const { api, summary, health } = row;
  const runs: Run[] = [
    [undefined, row.selected ? '›' : ' '],
    [health, HEALTH_GLYPH[health]],
    [undefined, ' '],
    // Cut to the column, two APIs of one family would read alike ("Wikimedia REST - page …"): the family goes first.
    ['text', fit(distinctName(sanitize(api.name), api.family, cols.name), cols.name)],
  ];
  const cell = (role: Role | undefined, text: string): void => {
    runs.push([undefined, ' '], [role, text]);
  };
  if (cols.family) cell('dim', fit(api.family, cols.family));
  cell(health === 'unknown' ? 'dim' : health, sparkline(row.spark ?? summary?.history ?? [], cols.spark, undefined, row.scaleMs));
  // Warm start: until this run has probed, the stored history's figures over the rules' window.
  const stored = summary?.samples === 0 ? summary.stored : undefined;
  const latency = stored?.latency ?? summary?.latency;
  if (cols.p50) cell(undefined, fit(ms(latency?.p50), cols.p50, 'right'));
  cell(undefined, fit(ms(latency?.p95), cols.p95, 'right'));
  const fiveXx = stored ? stored.errorRate5xx : summary && answeredRate5xx(summary);
  // No 5xx is the usual case: printed like the other figures, so only a non-zero rate adds a colour code.
  cell((fiveXx ?? 0) > 0 ? 'failing' : undefined, fit(fiveXx === undefined ? '-' : percent(fiveXx), cols.fiveXx, 'right'));
  const availability = stored ? stored.availability : summary && summary.samples > 0 ? summary.availability : undefined;
  if (cols.avail) cell(undefined, fit(availability === undefined ? '-' : percent(availability), cols.avail, 'right'));
  if (cols.lastError) {
    // The last cell is padded only under the selected row's background: elsewhere Ink would tokenise the spaces
    // on every frame, and a blank last cell is left out.
    const last = (text: string): string => (row.selected ? fit(text, cols.lastError) : fit(text, cols.lastError).trimEnd());
    if (row.status) cell(row.status.role, last(row.status.text));
    // Above the last error: the 429 behind it says why, and this says we are waiting rather than probing.
    else if (summary?.throttled) cell('degraded', last(`throttled (429) ${formatDuration(summary.throttled.backoffMs)}`));
    else if (summary?.lastError) cell('degraded', last(OUTCOME_LABEL[summary.lastError]));
    else if (row.selected) cell(undefined, ' '.repeat(cols.lastError));
  }
  const line = painter.line(runs);
  return row.selected ? painter.selected(line) : line;
}

export function formatGroupHeader(
  team: Team | undefined,
  counts: { total: number; failing: number; degraded: number },
  width: number,
  painter: Painter,
): string {
  const contact = team ? (team.contacts.slack ?? team.contacts.email ?? team.contacts.phabricator ?? team.contacts.irc) : undefined;
  const title = team ? `${team.name} (${team.id})` : `${UNASSIGNED.name}: no owning team`;
  const details = [`${counts.total} API${counts.total === 1 ? '' : 's'}`];
  if (counts.failing) details.push(`${counts.failing} failing`);
  if (counts.degraded) details.push(`${counts.degraded} degraded`);
  // Cut to the width, not padded to it: the group's colour on trailing spaces shows nothing and costs every frame.
  const text = fit(`▸ ${title}${contact ? ` · ${contact}` : ''} · ${details.join(', ')}`, width).trimEnd();
  return team ? painter.paint('group', text) : painter.paint('unassigned', text);
}
