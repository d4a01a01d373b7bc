export const REDACTED = '[redacted]';

/** Too short to be a secret worth hunting for, and replacing it would shred ordinary text. */
const MIN_SECRET_LENGTH = 4;

export type Redactor = (text: string) => string;

/** Replaces each secret (and its URL-encoded and JSON-escaped forms) with [redacted], longest first. */
export function createRedactor(secrets: readonly string[]): Redactor {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (secret.length < MIN_SECRET_LENGTH) continue;
    forms.add(secret);
    forms.add(encodeURIComponent(secret));
    forms.add(JSON.stringify(secret).slice(1, -1));
  }
  const ordered = [...forms].sort((a, b) => b.length - a.length);
  return (text) => ordered.reduce((out, secret) => out.split(secret).join(REDACTED), text);
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
