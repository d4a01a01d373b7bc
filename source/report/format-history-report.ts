import { formatDuration } from '../core/duration.js';
import type { ApiRangeFigures, GroupRangeFigures, HistoryReport, RangeFigures } from '../alerts/history-report.js';
import { csv } from '../ownership/csv.js';
import { render, type Block, type DocFormat } from '../text/markup.js';
import { sanitize } from '../text/sanitize.js';
import { textTable } from '../text/text-table.js';
import { localDateTime } from '../text/local-time.js';

const FIGURE_HEADER = ['Probes', 'Availability', '5xx', 'Errors', 'p50', 'p95', 'p99'];
const SLO_HEADER = ['SLO', 'Attained', 'Budget left'];

const percent = (share: number | null, digits = 3): string => (share === null ? '-' : `${(share * 100).toFixed(digits).replace(/\.?0+$/, '')}%`);
const ms = (value: number | null): string => (value === null ? '-' : `${Math.round(value)}ms`);

function figureCells(f: RangeFigures): string[] {
  return [String(f.counted), percent(f.availability), percent(f.errorRate5xx), percent(f.errorRate), ms(f.latencyMs.p50), ms(f.latencyMs.p95), ms(f.latencyMs.p99)];
}

function sloCells(f: RangeFigures): string[] {
  if (!f.slo) return ['-', '-', '-'];
  const verdict = f.slo.met === null ? '' : f.slo.met ? ' met' : ' MISSED';
  return [percent(f.slo.objective), `${percent(f.slo.attained)}${verdict}`, percent(f.slo.budgetLeft, 1)];
}

function apiCells(a: ApiRangeFigures): string[] {
  return [sanitize(a.id), sanitize(a.team), sanitize(a.family || '-'), ...figureCells(a), ...sloCells(a)];
}

function groupCells(g: GroupRangeFigures): string[] {
  return [sanitize(g.name || '-'), String(g.apis), ...figureCells(g)];
}

const API_HEADER = ['API', 'Team', 'Family', ...FIGURE_HEADER, ...SLO_HEADER];

/** The sentences under the tables: what the figures mean, what was left out, how exact the percentiles are. */
export function historyNotes(report: HistoryReport): string[] {
  if (report.origin) return report.origin.notes;
  const notes = [
    `Availability and error rates count probes and turns throttled by a 429 (turns refused for our User-Agent or rate policy count for nothing); latency percentiles are of the ok probes, read from histogram buckets within ${((report.relativeError ?? 0) * 100).toFixed(1)}% of the exact value.`,
  ];
  const turns = report.apis.reduce((sum, a) => sum + a.maintenanceTurns, 0);
  if (report.maintenanceMs > 0 || turns > 0) notes.push(`Left out: ${formatDuration(report.maintenanceMs)} of maintenance windows (${turns} probe turns).`);
  return notes;
}

function period(report: HistoryReport, timeZone?: string): string {
  return `from ${localDateTime(report.from, timeZone)} to ${localDateTime(report.to, timeZone)}`;
}

function title(report: HistoryReport): string {
  return report.origin ? `Probe figures of ${report.origin.source}` : 'Probe history';
}

/** Text for a terminal: per API, then per family and per team. */
export function formatHistoryText(report: HistoryReport, timeZone?: string): string {
  if (report.apis.every((a) => a.counted === 0 && a.maintenanceTurns === 0)) return `${title(report)} ${period(report, timeZone)}: no probes ${report.origin ? 'recorded' : 'stored'}.\n`;
  const numeric = (from: number, count: number): Set<number> => new Set(Array.from({ length: count }, (_, i) => from + i));
  const groupHeader = (name: string): string[] => [name, 'APIs', ...FIGURE_HEADER];
  return [
    `${title(report)} ${period(report, timeZone)}`,
    '',
    textTable(API_HEADER, report.apis.map(apiCells), numeric(3, 10)),
    '',
    textTable(groupHeader('Family'), report.families.map(groupCells), numeric(1, 8)),
    '',
    textTable(groupHeader('Team'), report.teams.map(groupCells), numeric(1, 8)),
    '',
    ...historyNotes(report),
    '',
  ].join('\n');
}

/** Markdown or wikitext, to publish beside the ownership list. */
export function formatHistoryDocument(report: HistoryReport, format: DocFormat, timeZone?: string): string {
  const blocks: Block[] = [
    { kind: 'heading', level: 2, text: `API availability and latency ${period(report, timeZone)}${report.origin ? `, read from ${report.origin.source}` : ''}` },
    { kind: 'table', header: API_HEADER, rows: report.apis.map((a) => apiCells(a).map((cell) => [cell])) },
    { kind: 'heading', level: 3, text: 'By family' },
    { kind: 'table', header: ['Family', 'APIs', ...FIGURE_HEADER], rows: report.families.map((g) => groupCells(g).map((cell) => [cell])) },
    { kind: 'heading', level: 3, text: 'By team' },
    { kind: 'table', header: ['Team', 'APIs', ...FIGURE_HEADER], rows: report.teams.map((g) => groupCells(g).map((cell) => [cell])) },
    ...historyNotes(report).map((note): Block => ({ kind: 'paragraph', content: [note] })),
  ];
  return render(blocks, format);
}

/** One line per API with plain numbers (shares 0..1, milliseconds), for a spreadsheet. */
export function formatHistoryCsv(report: HistoryReport): string {
  const header = ['api', 'team', 'family', 'probes', 'availability', 'error_rate_5xx', 'error_rate', 'p50_ms', 'p95_ms', 'p99_ms', 'slo_objective', 'slo_attained', 'slo_budget_left', 'maintenance_turns'];
  const value = (n: number | null | undefined): string => (n === null || n === undefined ? '' : String(Number(n.toFixed(6))));
  const rows = report.apis.map((a) => [
    a.id,
    a.team,
    a.family,
    String(a.counted),
    value(a.availability),
    value(a.errorRate5xx),
    value(a.errorRate),
    value(a.latencyMs.p50),
    value(a.latencyMs.p95),
    value(a.latencyMs.p99),
    value(a.slo?.objective),
    value(a.slo?.attained),
    value(a.slo?.budgetLeft),
    String(a.maintenanceTurns),
  ]);
  return csv(header, rows);
}
