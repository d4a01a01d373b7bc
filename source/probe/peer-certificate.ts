import type { PeerCertificate, TLSSocket } from 'node:tls';
import type { Certificate } from '../core/probe-sample.js';
import { sanitize } from '../text/sanitize.js';

/** The leaf certificate a TLS socket was shown, or undefined when it showed none (or it cannot be read). */
export function readPeerCertificate(socket: TLSSocket, unverified: boolean): Certificate | undefined {
  const peer = socket.getPeerCertificate(false) as PeerCertificate | Record<string, never>;
  if (!peer || !('valid_to' in peer)) return undefined;
  const notAfter = Date.parse(peer.valid_to);
  const notBefore = Date.parse(peer.valid_from);
  if (Number.isNaN(notAfter)) return undefined;
  return {
    notBefore,
    notAfter,
    issuer: distinguishedName(peer.issuer),
    subject: distinguishedName(peer.subject),
    sans: (peer.subjectaltname ?? '')
      .split(', ')
      .filter((name) => name !== '')
      .map((name) => sanitize(name.replace(/^IP Address:/, 'IP:'))),
    unverified,
  };
}

/** "Let's Encrypt R11" from O=Let's Encrypt, CN=R11: what people call an issuer. Names come from the remote end. */
function distinguishedName(name: PeerCertificate['issuer'] | undefined): string {
  const first = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value[0] : value);
  const organisation = first(name?.O);
  const common = first(name?.CN);
  const parts = organisation && common && common.includes(organisation) ? [common] : [organisation, common].filter((part) => part !== undefined);
  return sanitize(parts.join(' ') || 'unknown');
}
