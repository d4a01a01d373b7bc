import { METRIC } from '../core/metric-names.js';
import { promNumber, VANTAGE_LABEL, type MetricFlavour } from './promql.js';

/** Where an alarm is seen from: by at least its quorum of vantages (global), or by fewer (regional). */
export const SCOPES = ['global', 'regional'] as const;
export type Scope = (typeof SCOPES)[number];

/** The label Alertmanager routes on: regional alerts go to whoever runs the probers, never paged as global. */
export const SCOPE_LABEL = 'scope';

/** What makes an exported alert a quorum alert: the per-vantage condition, how many must agree, and which side this alert is. */
export interface QuorumSpec {
  quorum: number;
  scope: Scope;
  /** The condition per vantage: one series per vantage that sees it, labelled `vantage`. */
  perVantage: string;
}

/**
 * The vantages that see the condition now, sorted and joined with commas ("codfw,eqiad"): an annotation
 * template, so Prometheus fills it in at each evaluation from the per-vantage series themselves.
 */
export function vantagesTemplate(perVantage: string): string {
  return `{{ range $i, $s := query \`${perVantage}\` | sortByLabel "${VANTAGE_LABEL}" }}{{ if $i }},{{ end }}{{ $s.Labels.${VANTAGE_LABEL} }}{{ end }}`;
}

/** The alert's expression: how many vantages see the condition, against the quorum. */
export function quorumExpr(spec: Pick<QuorumSpec, 'quorum' | 'scope' | 'perVantage'>): string {
  return `count(${spec.perVantage}) ${spec.scope === 'global' ? '>=' : '<'} ${promNumber(spec.quorum)}`;
}

/** Said in the description, so whoever reads the alert knows how far the trouble reaches. */
export function scopeSentence(quorum: number, scope: Scope): string {
  return scope === 'global'
    ? `Seen from at least ${quorum} vantage${quorum === 1 ? '' : 's'} (global).`
    : `Seen from fewer than ${quorum} vantages (regional): the API may be failing for one site only, or the prober's own network may be at fault; not paged to the API's owners.`;
}

/**
 * The per-vantage condition as the quorum counts it: over api-health's series, a vantage whose prober says its own
 * network is down (apihealth_prober_offline) is left out, so it counts neither for nor against.
 */
export function countedCondition(flavour: MetricFlavour, condition: string): string {
  return flavour === 'apihealth' ? `${condition} unless on (${VANTAGE_LABEL}) (${METRIC.proberOffline} == 1)` : condition;
}
