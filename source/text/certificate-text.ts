import type { Certificate } from '../core/probe-sample.js';
import { sanitize } from './sanitize.js';

/** "valid 41 days, until 2027-01-12, Let's Encrypt R11": the issuer came from the remote end. */
export function describeCertificate(certificate: Certificate & { daysLeft: number }): string {
  const until = new Date(certificate.notAfter).toISOString().slice(0, 10);
  const days = Math.floor(Math.abs(certificate.daysLeft));
  const plural = (n: number): string => `${n} day${n === 1 ? '' : 's'}`;
  const validity = certificate.daysLeft < 0 ? `expired ${plural(days)} ago, on ${until}` : `valid ${plural(days)}, until ${until}`;
  const trust = certificate.unverified ? ' (not verified: tls.insecure)' : '';
  return `${validity}, ${sanitize(certificate.issuer)}${trust}`;
}
