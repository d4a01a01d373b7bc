import { formatDuration } from '../core/duration.js';
import type { Certificate } from '../core/probe-sample.js';

const DAY_MS = 86_400_000;

/** Why a certificate breaks `expect.certificate.minValidity` at `now`, or undefined when it keeps it. */
export function checkCertificate(certificate: Certificate, minValidityMs: number, now: number): string | undefined {
  const left = certificate.notAfter - now;
  if (left >= minValidityMs) return undefined;
  const until = new Date(certificate.notAfter).toISOString().slice(0, 10);
  if (left <= 0) return `certificate: expired on ${until}`;
  return `certificate: valid ${left >= DAY_MS ? `${Math.floor(left / DAY_MS)} days` : formatDuration(left)} more, until ${until}; expected at least ${formatDuration(minValidityMs)}`;
}
