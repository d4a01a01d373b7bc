import { Document, isMap, isScalar, isSeq, parseDocument, type Pair } from 'yaml';
import type { OpenApiProposal } from './openapi-probes.js';

/** An API entry to add under `apis:`, keyed by its id. */
export interface NewApi {
  id: string;
  entry: Record<string, unknown>;
}

export interface ImportPlan {
  apis: NewApi[];
  /** Proposed ids the config already has: its APIs stay as they are. */
  clashes: string[];
  /** Proposed APIs whose path keeps {placeholders}: no probe can run until someone fills them in. */
  unfilled: string[];
}

/** The proposal's probes as config entries of one family and owner, minus the ids the config already uses. */
export function planImport(proposal: OpenApiProposal, family: string, owner: string, existingIds: readonly string[]): ImportPlan {
  const taken = new Set(existingIds);
  const plan: ImportPlan = { apis: [], clashes: [], unfilled: [] };
  for (const probe of proposal.probes) {
    if (probe.placeholders.length > 0) plan.unfilled.push(`${probe.id} (${probe.placeholders.map((p) => `{${p}}`).join(', ')})`);
    else if (taken.has(probe.id)) plan.clashes.push(probe.id);
    else {
      const entry: Record<string, unknown> = { name: probe.name, family, owner, url: probe.url };
      if (probe.headers && Object.keys(probe.headers).length > 0) entry.headers = probe.headers;
      if (probe.expect) entry.expect = probe.expect;
      plan.apis.push({ id: probe.id, entry });
    }
  }
  return plan;
}

export class AppendError extends Error {
  override name = 'AppendError';
}

/**
 * The config text with `apis` added at the end of its `apis:` mapping (or of the file, when it has none). The text
 * before and after the insertion point is kept as it is: re-serializing the whole document would restyle flow
 * collections and comments on lines nobody asked to change, so the document only says where its `apis` end.
 */
export function appendApis(text: string, apis: readonly NewApi[]): string {
  return appendEntries(text, 'apis', apis);
}

/** Like appendApis, under another top-level mapping of ids (`components`). */
export function appendEntries(text: string, key: 'apis' | 'components', apis: readonly NewApi[]): string {
  if (apis.length === 0) return text;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const doc = parseDocument(text, { uniqueKeys: false });
  if (doc.errors.length > 0) throw new AppendError(`not valid YAML: ${doc.errors[0]!.message.split('\n')[0]}`);
  const root = doc.contents;
  if (root !== null && !isMap(root)) throw new AppendError('the config is not a mapping of keys');
  const pair = root?.items.find((item) => isScalar(item.key) && item.key.value === key) as Pair<unknown, unknown> | undefined;
  if (pair === undefined) {
    const body = text === '' || text.endsWith('\n') ? text : `${text}${eol}`;
    return `${body}${key}:${eol}${entriesText(apis, '  ', eol)}`;
  }
  const value = pair.value;
  if (isMap(value) && !value.flow && value.items.length > 0) {
    const first = value.items[0]!.key as { range?: [number, number, number] };
    const last = value.items[value.items.length - 1]!;
    const lastEnd = ((last.value ?? last.key) as { range?: [number, number, number] } | null)?.range?.[1];
    if (first.range === undefined || lastEnd === undefined) throw new AppendError(`cannot locate the entries of ${key}`);
    const indent = text.slice(text.lastIndexOf('\n', first.range[0] - 1) + 1, first.range[0]);
    if (!/^ +$/.test(indent)) throw new AppendError(`the entries of ${key} do not start on their own lines`);
    return insertAfterLine(text, lastEnd, entriesText(apis, indent, eol), eol);
  }
  // `apis:`, `apis: ~` or `apis: {}`: the empty value goes, the key's line keeps its comment, the entries follow it.
  const empty = value === null || (isScalar(value) && value.value === null) || (isMap(value) && value.items.length === 0);
  if (!empty) throw new AppendError(`${key} is written in flow style ({ ... }): write it as a block mapping (one entry per key) to import into it`);
  const keyEnd = (pair.key as { range: [number, number, number] }).range[1];
  const range = (value as { range?: [number, number, number] } | null)?.range;
  const cut = range !== undefined && range[1] > range[0] ? `${text.slice(0, range[0])}${text.slice(range[1])}` : text;
  return insertAfterLine(cut, range !== undefined && range[1] > range[0] ? range[0] : keyEnd, entriesText(apis, '  ', eol), eol);
}

/** `addition` on the line after the one holding `offset` (after its trailing comment). */
function insertAfterLine(text: string, offset: number, addition: string, eol: string): string {
  if (offset > 0 && text[offset - 1] === '\n') return `${text.slice(0, offset)}${addition}${text.slice(offset)}`;
  const newline = text.indexOf('\n', offset);
  if (newline === -1) return `${text}${eol}${addition}`;
  return `${text.slice(0, newline + 1)}${addition}${text.slice(newline + 1)}`;
}

/** The entries as YAML, shifted to the mapping's indentation: one line per header map, status list and JSON check. */
function entriesText(apis: readonly NewApi[], indent: string, eol: string): string {
  const doc = new Document(Object.fromEntries(apis.map((api) => [api.id, api.entry])));
  for (const api of apis) {
    const flows = [doc.getIn([api.id, 'headers'], true), doc.getIn([api.id, 'expect', 'status'], true), doc.getIn([api.id, 'expect', 'headers'], true)];
    const json = doc.getIn([api.id, 'expect', 'json'], true);
    if (isSeq(json)) flows.push(...json.items);
    for (const node of flows) if (isMap(node) || isSeq(node)) node.flow = true;
  }
  return doc
    .toString({ lineWidth: 0 })
    .split('\n')
    .filter((line, index, all) => index < all.length - 1 || line !== '')
    .map((line) => (line === '' ? eol : `${indent}${line}${eol}`))
    .join('');
}
