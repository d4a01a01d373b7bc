import { patternProblem } from '../text/safe-pattern.js';
import { sanitize, unsafeCharacter } from '../text/sanitize.js';

/** A GET route of an OpenAPI document, proposed as a probe. */
export interface ProposedProbe {
  id: string;
  name: string;
  url: string;
  /** Path parameters left as `{param}`: the user fills them in before enabling the probe. */
  placeholders: string[];
  /** From an x-amples entry: its request headers and what its response must show. */
  headers?: Record<string, string> | undefined;
  expect?: ProposedExpect | undefined;
}

/** The config's `expect`, as an x-amples response describes it. */
export interface ProposedExpect {
  status?: number[];
  headers?: Record<string, string>;
  bodyContains?: string;
  json?: { path: string; equals?: unknown; matches?: string; exists?: boolean }[];
}

export interface OpenApiProposal {
  family: string;
  baseUrl: string;
  probes: ProposedProbe[];
  /** GET routes left out because they need a query or header parameter, as "path (param, ...)". */
  skipped: string[];
  /** Operations the document marks `x-monitor: false`, as "METHOD path". */
  unmonitored: string[];
  /** Response patterns RE2 cannot run (backreferences, lookaround), left out of their probe: "id: where /pattern/ (why)". */
  unrunnable: string[];
  /** The document's `info.contact` (name, email), the owner hint service-checker's specs carry; undefined without one. */
  contact?: { name?: string | undefined; email?: string | undefined } | undefined;
  /** Values holding `${`, written with the config's literal `$${` so nothing from the spec reads the environment: "id: where "value"". */
  escaped: string[];
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

/** `{name}` in a template filled from `values` (service-checker's x-default-params); names without a value stay. */
function fillTemplate(template: string, values: Json): string {
  return template.replace(/\{([^}]+)\}/g, (whole, name: string) => (values[name] === undefined ? whole : String(values[name])));
}

/**
 * A server URL with its variables at their defaults (Swagger 2.0: scheme, host and basePath), resolved against where
 * the document came from. A `{domain}`-style template in the host takes its value from x-default-params.
 */
function serverUrl(doc: Json, documentUrl: string | undefined, defaults: Json): string | undefined {
  if (doc.swagger !== undefined) {
    const scheme = Array.isArray(doc.schemes) && typeof doc.schemes[0] === 'string' ? doc.schemes[0] : 'https';
    const basePath = typeof doc.basePath === 'string' ? fillTemplate(doc.basePath, defaults) : '';
    const base = typeof doc.host === 'string' ? `${scheme}://${fillTemplate(doc.host, defaults)}${basePath}` : basePath || '/';
    try {
      return new URL(base, documentUrl).toString().replace(/\/$/, '');
    } catch {
      return undefined;
    }
  }
  const server = Array.isArray(doc.servers) ? doc.servers[0] : undefined;
  if (!isObject(server) || typeof server.url !== 'string') return undefined;
  const variables = isObject(server.variables) ? server.variables : {};
  const url = server.url.replace(/\{([^}]+)\}/g, (whole, name: string) => {
    const variable = variables[name];
    if (isObject(variable) && typeof variable.default === 'string') return variable.default;
    return defaults[name] === undefined ? whole : String(defaults[name]);
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

/** The operations of a path item; its other keys (parameters, summary, x-...) are not operations. */
const HTTP_METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);

export class OpenApiError extends Error {
  override name = 'OpenApiError';
}

const NOT_A_SPEC = 'not an OpenAPI 3 or Swagger 2.0 document (no "openapi: 3.x" or "swagger: 2.0" field)';

function isSpec(doc: unknown): doc is Json {
  return isObject(doc) && ((typeof doc.openapi === 'string' && doc.openapi.startsWith('3')) || String(doc.swagger) === '2.0');
}

/** Refuses anything but OpenAPI 3.x or Swagger 2.0, before any work is spent on it. */
export function assertSpec(doc: unknown): void {
  if (!isSpec(doc)) throw new OpenApiError(NOT_A_SPEC);
}

/**
 * Proposes probes from an OpenAPI 3 or Swagger 2.0 document (its $refs already resolved), under one family
 * (the document's title), against servers[0] (or host and basePath): one per x-amples entry, with its request
 * and expectations, and every other GET route as it stands. Operations marked `x-monitor: false` are left
 * out, and so are GET routes that need a query or header parameter, since no safe value can be guessed;
 * path parameters stay as placeholders.
 */
export function proposeProbes(doc: unknown, documentUrl?: string): OpenApiProposal {
  if (!isSpec(doc)) throw new OpenApiError(NOT_A_SPEC);
  const swagger2 = doc.swagger !== undefined;
  const info = isObject(doc.info) ? doc.info : {};
  // The document is someone else's: its text reaches the terminal and the config we write, so it is sanitized.
  const family = remoteText(info.title) ?? 'API';
  // service-checker's x-default-params: values for every example's parameters, and for {domain}-style templates.
  const defaults = isObject(doc['x-default-params']) ? doc['x-default-params'] : {};
  const baseUrl = serverUrl(doc, documentUrl, defaults);
  if (baseUrl === undefined) {
    throw new OpenApiError(`the document has no usable ${swagger2 ? 'host' : 'servers[0].url'} to probe (add one, or pass the document by URL)`);
  }
  const probes: ProposedProbe[] = [];
  const skipped: string[] = [];
  const unmonitored: string[] = [];
  const unrunnable: string[] = [];
  const ids = new Set<string>();
  for (const [path, item] of Object.entries(isObject(doc.paths) ? doc.paths : {})) {
    if (!isObject(item)) continue;
    const hostile = unsafeCharacter(path);
    if (hostile !== undefined) {
      if (isObject(item.get)) skipped.push(`${sanitize(path)} (its path holds ${hostile})`);
      continue;
    }
    for (const [method, operation] of Object.entries(item)) {
      if (!isObject(operation) || !HTTP_METHODS.has(method)) continue;
      if (item['x-monitor'] === false || operation['x-monitor'] === false) {
        unmonitored.push(`${method.toUpperCase()} ${path}`);
        continue;
      }
      if (!Array.isArray(operation['x-amples'])) continue;
      if (method !== 'get' && method !== 'head') {
        skipped.push(`${method.toUpperCase()} ${path} (its x-amples change data: probes must be safe)`);
        continue;
      }
      const params = parameters(doc, item.parameters, operation.parameters);
      operation['x-amples'].forEach((example: unknown, index: number, all: unknown[]) => {
        if (!isObject(example)) return;
        const base = slug(typeof operation.operationId === 'string' ? operation.operationId : path) || 'root';
        const title = remoteText(example.title);
        const suffix = all.length > 1 ? `-${slug(title ?? String(index + 1)) || index + 1}` : '';
        let id = `${base}${suffix}`;
        for (let n = 2; ids.has(id); n++) id = `${base}${suffix}-${n}`;
        ids.add(id);
        const name = `${family} - ${title ?? remoteText(operation.summary) ?? `${method.toUpperCase()} ${path}`}`;
        probes.push(exampleProbe(id, name, `${baseUrl}${path}`, params, example, defaults, unrunnable));
      });
    }
    if (!isObject(item.get) || item['x-monitor'] === false || item.get['x-monitor'] === false || Array.isArray(item.get['x-amples'])) continue;
    const operation = item.get;
    const params = parameters(doc, item.parameters, operation.parameters);
    const blocking = params.filter((p) => p.required === true && p.in !== 'path').map((p) => String(p.name));
    if (blocking.length > 0) {
      skipped.push(`${path} (${blocking.join(', ')})`);
      continue;
    }
    const filled = fillTemplate(path, mapValues(defaults, encodeURIComponent));
    const placeholders = [...filled.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
    const base = slug(typeof operation.operationId === 'string' ? operation.operationId : path) || 'root';
    let id = base;
    for (let n = 2; ids.has(id); n++) id = `${base}-${n}`;
    ids.add(id);
    const summary = remoteText(operation.summary) ?? `GET ${path}`;
    probes.push({ id, name: `${family} - ${summary}`, url: sanitize(`${baseUrl}${filled}`), placeholders });
  }
  const escaped: string[] = [];
  const contact = isObject(info.contact) ? { name: remoteText(info.contact.name), email: remoteText(info.contact.email) } : undefined;
  return {
    contact: contact?.name === undefined && contact?.email === undefined ? undefined : contact,
    family: keepLiteral(family, 'family', escaped),
    baseUrl,
    probes: probes.map((probe) => ({
      ...probe,
      name: keepLiteral(probe.name, `${probe.id}: name`, escaped),
      url: keepLiteral(probe.url, `${probe.id}: url`, escaped),
      headers: probe.headers && keepLiteral(probe.headers, `${probe.id}: headers`, escaped),
      expect: probe.expect && keepLiteral(probe.expect, `${probe.id}: expect`, escaped),
    })),
    skipped,
    unmonitored,
    unrunnable,
    escaped,
  };
}

/**
 * The value with every `${` written `$${`, the config's literal `${`: a spec is someone else's text, and a `${NAME}`
 * in it would otherwise be filled in from the environment when the config loads and sent to the spec's server.
 * Keys stay as they are: the config reads variables in values only.
 */
function keepLiteral<T>(value: T, where: string, escaped: string[]): T {
  if (typeof value === 'string') {
    if (!value.includes('${')) return value;
    escaped.push(`${where} ${JSON.stringify(value)}`);
    return value.replaceAll('${', () => '$${') as T;
  }
  if (Array.isArray(value)) return value.map((item: unknown, index) => keepLiteral(item, `${where}[${index}]`, escaped)) as T;
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, keepLiteral(item, `${where}.${key}`, escaped)])) as T;
  return value;
}

/**
 * A probe from one x-amples entry (Wikimedia's service-checker format): `request.params` fill the path's
 * {placeholders} and the query parameters the operation declares, `request.query` adds more; the response's
 * status, headers and body (values exact, or /regex/) become its expectations.
 */
function exampleProbe(id: string, name: string, template: string, params: Parameter[], example: Json, defaults: Json, unrunnable: string[]): ProposedProbe {
  const request = isObject(example.request) ? example.request : {};
  const values = { ...defaults, ...(isObject(request.params) ? request.params : {}) };
  const inQuery = new Set(params.filter((p) => p.in === 'query').map((p) => String(p.name)));
  let url = template.replace(/\{([^}]+)\}/g, (whole, param: string) => (values[param] === undefined ? whole : encodeURIComponent(String(values[param]))));
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) if (inQuery.has(key)) query.append(key, String(value));
  for (const [key, value] of Object.entries(isObject(request.query) ? request.query : {})) query.append(key, String(value));
  if (query.size > 0) url += `${url.includes('?') ? '&' : '?'}${query.toString()}`;
  const placeholders = [...url.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
  const headers = isObject(request.headers) ? textRecord(request.headers) : undefined;
  const response = isObject(example.response) ? example.response : {};
  const expect: ProposedExpect = {};
  const status = Number(response.status);
  if (Number.isInteger(status) && status >= 100 && status <= 599) expect.status = [status];
  if (isObject(response.headers)) {
    const kept = Object.entries(textRecord(response.headers)).filter(([header, value]) => runnable(value, `${id}: header ${header}`, unrunnable));
    if (kept.length > 0) expect.headers = Object.fromEntries(kept);
  }
  if (typeof response.body === 'string' && !isPattern(response.body)) expect.bodyContains = sanitize(response.body);
  if (isObject(response.body) || Array.isArray(response.body)) {
    const checks = bodyChecks('$', response.body).filter((check) => check.matches === undefined || runnable(check.matches, `${id}: ${check.path}`, unrunnable));
    if (checks.length > 0) expect.json = checks;
  }
  return { id, name, url: sanitize(url), placeholders, headers, expect: Object.keys(expect).length > 0 ? expect : undefined };
}

const mapValues = (record: Json, map: (text: string) => string): Json => Object.fromEntries(Object.entries(record).map(([key, value]) => [key, map(String(value))]));

const isPattern = (text: string): boolean => text.length > 1 && text.startsWith('/') && text.endsWith('/');

/** False, with the reason noted, for a /pattern/ the config would refuse: RE2 runs every pattern (text/safe-pattern.ts). */
function runnable(text: string, where: string, unrunnable: string[]): boolean {
  const slashed = /^\/(.*)\/([dgimsuvy]*)$/s.exec(text);
  const problem = slashed ? patternProblem(slashed[1]!, slashed[2]) : undefined;
  if (problem !== undefined) unrunnable.push(`${where} ${text} (${problem})`);
  return problem === undefined;
}

function textRecord(record: Json): Record<string, string> {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [sanitize(key), sanitize(String(value))]));
}

/** One check per leaf of the expected body: /regex/ strings match, other values equal, empty containers exist. */
function bodyChecks(path: string, value: unknown): NonNullable<ProposedExpect['json']> {
  if (Array.isArray(value)) return value.length === 0 ? [{ path, exists: true }] : value.flatMap((item, index) => bodyChecks(`${path}[${index}]`, item));
  if (isObject(value)) {
    const entries = Object.entries(value);
    if (entries.length === 0) return [{ path, exists: true }];
    return entries.flatMap(([key, item]) => bodyChecks(/^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}['${key.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}']`, item));
  }
  if (typeof value === 'string') return isPattern(value) ? [{ path, matches: sanitize(value) }] : [{ path, equals: sanitize(value) }];
  return [{ path, equals: value }];
}

function remoteText(value: unknown): string | undefined {
  const text = typeof value === 'string' ? sanitize(value).trim() : '';
  return text === '' ? undefined : text;
}
