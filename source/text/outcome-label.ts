import type { Outcome } from '../core/probe-sample.js';

/** Short labels for narrow columns. */
export const OUTCOME_LABEL: Record<Outcome, string> = {
  ok: 'ok',
  unexpected_status: 'status',
  http_5xx: '5xx',
  timeout: 'timeout',
  connection_refused: 'refused',
  dns: 'dns',
  tls: 'tls',
  reset: 'reset',
  body_too_large: 'too large',
  expectation_failed: 'expect',
  assertion: 'assertion',
  throttled: 'throttled',
  blocked: 'blocked',
  error: 'error',
};
