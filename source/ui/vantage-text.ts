import type { RowInput } from './format-row.js';
import { vantageVerdict, type ApiVantages } from '../state/vantage-view.js';
import { stringWidth } from '../text/text-width.js';

const SEEN = { failing: '✘', ok: '●' } as const;

/** One monitor alone raises no question of regional or global: its rows and detail stay as they were. */
export function severalVantages(view: ApiVantages | undefined): view is ApiVantages {
  return view !== undefined && view.vantages.length > 1;
}

/** Each vantage with its mark: "eqiad ● codfw ✘ ulsfo ●". */
export function vantageMarks(view: ApiVantages): string {
  return view.vantages.map((v) => `${v.name} ${v.failing ? SEEN.failing : SEEN.ok}`).join(' ');
}

/** The compact form: how many vantages see it failing, of all ("1/3 ✘"), or that all see it fine ("3/3 ●"). */
export function vantageCount(view: ApiVantages): string {
  const failing = view.vantages.filter((v) => v.failing).length;
  return failing > 0 ? `${failing}/${view.vantages.length} ${SEEN.failing}` : `${view.vantages.length}/${view.vantages.length} ${SEEN.ok}`;
}

/**
 * A --remote row's status with the vantages in front: their marks where they fit in `width`, else the count. The
 * verdict ("failing from codfw only") takes the place of the alarm's text while any vantage sees the API failing:
 * it says what the alarm's name does not, whether the trouble is regional or global.
 */
export function withVantages(status: RowInput['status'], view: ApiVantages | undefined, width: number): RowInput['status'] {
  if (!severalVantages(view)) return status;
  const verdict = vantageVerdict(view);
  const rest = verdict?.text ?? status?.text;
  const role = verdict ? (verdict.scope === 'global' ? 'failing' : 'degraded') : (status?.role ?? 'dim');
  const marks = vantageMarks(view);
  const text = (cell: string): string => (rest === undefined ? cell : `${cell}  ${rest}`);
  return { text: stringWidth(text(marks)) <= width ? text(marks) : text(vantageCount(view)), role };
}

/** The detail pane's lines: each vantage's mark and p95, then the verdict with the quorum it was judged against. */
export function vantageDetailLines(view: ApiVantages): { vantages: string; verdict: string } {
  const vantages = view.vantages.map((v) => `${v.name} ${v.failing ? SEEN.failing : SEEN.ok} ${v.p95Ms === undefined ? '-' : `p95 ${Math.round(v.p95Ms)} ms`}`).join('   ');
  const verdict = vantageVerdict(view);
  const quorum = `quorum ${view.quorum} of ${view.vantages.length}`;
  return {
    vantages,
    verdict: verdict === undefined ? `fine from every vantage (${quorum})` : `${verdict.text}: ${verdict.scope} (${quorum})`,
  };
}
