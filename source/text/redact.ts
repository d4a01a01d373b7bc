export const REDACTED = '[redacted]';

/** Too short to be a secret worth hunting for, and replacing it would shred ordinary text. */
const MIN_SECRET_LENGTH = 4;

export type Redactor = (text: string) => string;

/** Replaces each secret, in every form it can take on the way out (see `secretForms`), with [redacted], longest first. */
export function createRedactor(secrets: readonly string[], replacement = REDACTED): Redactor {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (secret.length < MIN_SECRET_LENGTH) continue;
    for (const form of secretForms(secret)) if (form.length >= MIN_SECRET_LENGTH) forms.add(form);
  }
  const ordered = [...forms].sort((a, b) => b.length - a.length);
  return (text) => ordered.reduce((out, secret) => out.split(secret).join(replacement), text);
}

/**
 * The spellings a secret takes in what we write: raw; percent-encoded as a URL component, as a whole URL, as
 * WHATWG URL parsing leaves it in a path or a query, and as a form (space as "+"), in upper- and lower-case
 * hex; escaped inside a JSON or a double-quoted YAML string, and inside a single-quoted YAML string; and as
 * HTML text. A form that is the secret itself is one entry.
 */
export function secretForms(secret: string): Set<string> {
  const percent = [
    encodeURIComponent(secret),
    encodeURI(secret),
    new URLSearchParams({ s: secret }).toString().slice(2),
    new URL(`http://h/${secret}`).pathname.slice(1),
    new URL(`http://h/?${secret}`).search.slice(1),
  ];
  const json = JSON.stringify(secret).slice(1, -1);
  return new Set([
    secret,
    ...percent,
    ...percent.map((form) => form.replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase())),
    json,
    // YAML's double-quoted style escapes what JSON does, and writes non-printable characters as \x or \u.
    json.replace(/\\u00([0-9a-f]{2})/g, '\\x$1'),
    secret.replaceAll("'", "''"),
    secret.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;'),
  ]);
}

/**
 * The redactor for text built from the config (API URLs, headers, links, names): it hides every ${VAR}
 * value. Anything that prints or sends such text passes it through this first.
 */
export function configRedactor(config: { readonly secrets: readonly string[] }): Redactor {
  return createRedactor(config.secrets);
}

/** Redacts every string inside a JSON-like value. */
export function redactValue<T>(value: T, redact: Redactor): T {
  if (typeof value === 'string') return redact(value) as T;
  if (Array.isArray(value)) return value.map((v) => redactValue(v, redact)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactValue(v, redact)])) as T;
  }
  return value;
}
