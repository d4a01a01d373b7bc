/** True when the User-Agent names a way to reach its operator: an email address or a URL, as the Wikimedia policy asks. */
export function hasContact(userAgent: string): boolean {
  return /[^\s@()]+@[^\s@()]+\.[^\s@()]+/.test(userAgent) || /https?:\/\/\S+/.test(userAgent);
}

/** Loopback targets are ours to hammer; anything else is someone's production. */
export function isLoopback(url: string): boolean {
  try {
    const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
    return host === 'localhost' || host === '::1' || /^127\./.test(host);
  } catch {
    return false;
  }
}

/** Appends the HTTP library, as the policy's "<client>/<version> (<contact>) <library>/<version>" form wants. */
export function fullUserAgent(configured: string, libraryVersion: string): string {
  return /undici\//.test(configured) ? configured : `${configured} undici/${libraryVersion}`;
}
