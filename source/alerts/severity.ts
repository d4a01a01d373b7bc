import type { Severity } from '../core/rules.js';

/** Higher is more urgent: page > critical > warning > info. */
export const SEVERITY_RANK: Record<Severity, number> = { page: 3, critical: 2, warning: 1, info: 0 };

/** The Phabricator priority each severity maps to, as the SLA document publishes it. */
export const PHABRICATOR_PRIORITY: Record<Severity, string> = {
  page: 'Unbreak Now!',
  critical: 'High',
  warning: 'Medium',
  info: 'Low',
};

/** Most urgent first. */
export const SEVERITY_ORDER: readonly Severity[] = ['page', 'critical', 'warning', 'info'];
