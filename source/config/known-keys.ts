import { z } from 'zod';
import { configSchema } from './schema.js';
import type { ConfigPath } from './resolve.js';

interface SchemaNode {
  properties?: Record<string, SchemaNode>;
  additionalProperties?: SchemaNode | boolean;
  items?: SchemaNode;
  anyOf?: SchemaNode[];
  oneOf?: SchemaNode[];
}

/**
 * The keys the config allows in the mapping at `path` (the parent of an unknown key), read from the same schema
 * that validates, so a suggestion can only name a key the loader accepts. Maps of ids (apis, teams) step into
 * their entries; unions offer the keys of every alternative.
 */
export function knownKeysAt(path: ConfigPath): string[] {
  const root = z.toJSONSchema(configSchema, { io: 'input' }) as SchemaNode;
  let nodes: SchemaNode[] = [root];
  for (const part of path) nodes = nodes.flatMap(alternatives).flatMap((node) => child(node, part));
  return [...new Set(nodes.flatMap(alternatives).flatMap((node) => Object.keys(node.properties ?? {})))].filter((key) => key !== '$schema');
}

function alternatives(node: SchemaNode): SchemaNode[] {
  const options = [...(node.anyOf ?? []), ...(node.oneOf ?? [])];
  return options.length === 0 ? [node] : [node, ...options.flatMap(alternatives)];
}

function child(node: SchemaNode, part: string | number): SchemaNode[] {
  if (typeof part === 'number') return node.items ? [node.items] : [];
  const named = node.properties?.[part];
  if (named) return [named];
  return typeof node.additionalProperties === 'object' ? [node.additionalProperties] : [];
}
