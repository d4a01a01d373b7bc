import type { IncomingHttpHeaders } from 'node:http';
import { sanitize } from '../text/sanitize.js';

/** What sites say when they refuse a client for how it identifies itself (Wikimedia's since 2025: T400119). */
const USER_AGENT_POLICY = /user[- ]?agent|robot policy|bot policy|w\.wiki\/4wJS/i;
/** What they say when they refuse it for how often it asks. */
const RATE_POLICY = /rate[- ]?limit|too many requests|request rate|requests per|slow down/i;
const RATE_HEADERS = /^(x-)?rate-?limit/i;
const SNIPPET = 80;

/**
 * Why a 403 or 429 is the API refusing this client rather than failing, with what to change; undefined when
 * nothing in the answer points at a User-Agent or rate policy. Such a refusal says "fix the client", not
 * "the API is down".
 */
export function blockedReason(status: number, headers: IncomingHttpHeaders, body: string | undefined): string | undefined {
  if (status !== 403 && status !== 429) return undefined;
  const text = body ?? '';
  const headerText = Object.entries(headers)
    .map(([name, value]) => `${name}: ${Array.isArray(value) ? value.join(', ') : (value ?? '')}`)
    .join('\n');
  const agent = USER_AGENT_POLICY.exec(text) ?? USER_AGENT_POLICY.exec(headerText);
  if (agent) {
    return `HTTP ${status}: blocked by a User-Agent policy (${quote(text || headerText, agent.index)}): set defaults.userAgent to name this client and a contact (URL or email)`;
  }
  const rate = RATE_POLICY.exec(text);
  const rateHeader = headerText.split('\n').find((line) => RATE_HEADERS.test(line));
  const evidence = rate ? quote(text, rate.index) : rateHeader !== undefined ? quote(rateHeader, 0) : undefined;
  if (evidence === undefined) return undefined;
  return `HTTP ${status}: blocked by a rate policy (${evidence}): lower the rate (a longer interval, fewer APIs on this host, or defaults.perHostConcurrency: 1)`;
}

/** The words around what matched, one line, sanitized: the text came from the remote end. */
function quote(text: string, at: number): string {
  const start = Math.max(0, at - 20);
  const line = text.slice(start, start + SNIPPET).replace(/\s+/g, ' ').trim();
  return JSON.stringify(sanitize(`${start > 0 ? '…' : ''}${line}${start + SNIPPET < text.length ? '…' : ''}`));
}
