import { sanitize, unsafeCharacter } from '../text/sanitize.js';

/** A GET route of an OpenAPI document, proposed as a probe. */
export interface ProposedProbe {
  id: string;
  name: string;
  url: string;
  /** Path parameters left as `{param}`: the user fills them in before enabling the probe. */
  placeholders: string[];
}

export interface OpenApiProposal {
  family: string;
  baseUrl: string;
  probes: ProposedProbe[];
  /** GET routes left out because they need a query or header parameter, as "path (param, ...)". */
  skipped: string[];
}

interface Parameter {
  name?: unknown;
  in?: unknown;
  required?: unknown;
  $ref?: unknown;
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Follows a local `#/components/...` reference; anything else is taken as it is. */
function deref(doc: Json, value: unknown): Parameter {
  if (!isObject(value)) return {};
  const ref = value.$ref;
  if (typeof ref !== 'string' || !ref.startsWith('#/')) return value;
  let node: unknown = doc;
  for (const part of ref.slice(2).split('/')) node = isObject(node) ? node[part.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined;
  return isObject(node) ? node : {};
}

function parameters(doc: Json, ...lists: unknown[]): Parameter[] {
  return lists.flatMap((list) => (Array.isArray(list) ? list.map((p) => deref(doc, p)) : []));
}

/** A server URL with its variables at their defaults, resolved against where the document came from. */
function serverUrl(doc: Json, documentUrl: string | undefined): string | undefined {
  const server = Array.isArray(doc.servers) ? doc.servers[0] : undefined;
  if (!isObject(server) || typeof server.url !== 'string') return undefined;
  const variables = isObject(server.variables) ? server.variables : {};
  const url = server.url.replace(/\{([^}]+)\}/g, (whole, name: string) => {
    const variable = variables[name];
    return isObject(variable) && typeof variable.default === 'string' ? variable.default : whole;
  });
  try {
    return new URL(url, documentUrl).toString().replace(/\/$/, '');
  } catch {
    return undefined;
  }
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

export class OpenApiError extends Error {
  override name = 'OpenApiError';
}

/**
 * Proposes probes from an OpenAPI 3 document: every GET route, under one family (the document's title),
 * against servers[0]. Routes that need a query or header parameter are skipped, since no safe value
 * can be guessed; path parameters stay as placeholders.
 */
export function proposeProbes(doc: unknown, documentUrl?: string): OpenApiProposal {
  if (!isObject(doc) || typeof doc.openapi !== 'string' || !doc.openapi.startsWith('3')) {
    throw new OpenApiError('not an OpenAPI 3 document (no "openapi: 3.x" field)');
  }
  const info = isObject(doc.info) ? doc.info : {};
  // The document is someone else's: its text reaches the terminal and the config we write, so it is sanitized.
  const family = remoteText(info.title) ?? 'API';
  const baseUrl = serverUrl(doc, documentUrl);
  if (baseUrl === undefined) {
    throw new OpenApiError('the document has no usable servers[0].url to probe (add one, or pass the document by URL)');
  }
  const probes: ProposedProbe[] = [];
  const skipped: string[] = [];
  const ids = new Set<string>();
  for (const [path, item] of Object.entries(isObject(doc.paths) ? doc.paths : {})) {
    if (!isObject(item) || !isObject(item.get)) continue;
    const hostile = unsafeCharacter(path);
    if (hostile !== undefined) {
      skipped.push(`${sanitize(path)} (its path holds ${hostile})`);
      continue;
    }
    const operation = item.get;
    const params = parameters(doc, item.parameters, operation.parameters);
    const blocking = params.filter((p) => p.required === true && p.in !== 'path').map((p) => String(p.name));
    if (blocking.length > 0) {
      skipped.push(`${path} (${blocking.join(', ')})`);
      continue;
    }
    const placeholders = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
    const base = slug(typeof operation.operationId === 'string' ? operation.operationId : path) || 'root';
    let id = base;
    for (let n = 2; ids.has(id); n++) id = `${base}-${n}`;
    ids.add(id);
    const summary = remoteText(operation.summary) ?? `GET ${path}`;
    probes.push({ id, name: `${family} - ${summary}`, url: `${baseUrl}${path}`, placeholders });
  }
  return { family, baseUrl, probes, skipped };
}

function remoteText(value: unknown): string | undefined {
  const text = typeof value === 'string' ? sanitize(value).trim() : '';
  return text === '' ? undefined : text;
}
