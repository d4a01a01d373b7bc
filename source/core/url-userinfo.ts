/** A percent-escape undone, or the text as written where it is no valid escape (a password may hold a bare `%`). */
function decodeLoosely(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * `http://user:password@host` as Alertmanager's own clients (amtool, Prometheus) read it: the userinfo becomes Basic
 * auth and leaves the URL, which undici would refuse with it. Percent-escapes in it are undone first, as theirs do.
 */
export function splitUserinfo(url: string): { url: string; authorization?: string; password?: string } {
  if (!URL.canParse(url)) return { url };
  const parsed = new URL(url);
  if (parsed.username === '' && parsed.password === '') return { url };
  const password = decodeLoosely(parsed.password);
  const credentials = `${decodeLoosely(parsed.username)}:${password}`;
  parsed.username = '';
  parsed.password = '';
  return { url: parsed.toString(), authorization: `Basic ${Buffer.from(credentials, 'utf8').toString('base64')}`, password };
}
