export interface Result {
  name: string;
  value: number;
  unit: string;
  target?: string;
  ok?: boolean;
}

export function formatResults(results: Result[]): string {
  const rows = results.map((r) => [r.name, `${r.value < 10 ? r.value.toFixed(3) : r.value.toFixed(1)} ${r.unit}`, r.target ?? '', r.ok === undefined ? '' : r.ok ? 'ok' : 'MISSED']);
  const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((row) => row[i]!.length), ['benchmark', 'measured', 'target', ''][i]!.length));
  const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(['benchmark', 'measured', 'target', '']), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
