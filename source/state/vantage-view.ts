/** What one vantage sees of one API now, as the team's Prometheus has it. */
export interface VantageSight {
  name: string;
  /** At least one of the API's rules holds from this vantage. */
  failing: boolean;
  /** Latency p95 from this vantage, in ms; undefined without responses in the window. */
  p95Ms?: number | undefined;
}

/** One API across the vantages that report it, sorted by name, and how many must agree for a global alarm. */
export interface ApiVantages {
  quorum: number;
  vantages: VantageSight[];
}

/** Per API id; undefined in the store until the first read (and for a dashboard that probes for itself). */
export type VantageStates = Record<string, ApiVantages>;

export interface VantageVerdict {
  scope: 'global' | 'regional';
  /** "failing from codfw only" (regional) or "failing from all 3 vantages" (global). */
  text: string;
}

/** Regional when fewer vantages than the quorum see the API failing (at least one), global at or above it; undefined when none does. */
export function vantageVerdict(view: ApiVantages): VantageVerdict | undefined {
  const failing = view.vantages.filter((v) => v.failing).map((v) => v.name);
  if (failing.length === 0) return undefined;
  if (failing.length < view.quorum) return { scope: 'regional', text: `failing from ${failing.join(', ')} only` };
  const where = failing.length === view.vantages.length && failing.length > 1 ? `all ${failing.length} vantages` : failing.join(', ');
  return { scope: 'global', text: `failing from ${where}` };
}
