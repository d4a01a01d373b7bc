import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { ResolveIssue } from './resolve.js';
import type { Config } from './types.js';

/**
 * Reads `shared.caFile` (relative to the config file) once, at load, so a wrong path is a config error that
 * names the key, not a TLS failure minutes later on every read.
 */
export function readSharedCa(config: Config, file: string): { config: Config; issues: ResolveIssue[] } {
  const caFile = config.shared?.caFile;
  if (!config.shared || caFile === undefined) return { config, issues: [] };
  const path = resolve(dirname(file), caFile);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    return { config, issues: [{ path: ['shared', 'caFile'], message: `cannot read the CA file "${caFile}" (${code})` }] };
  }
  if (!text.includes('-----BEGIN CERTIFICATE-----')) {
    return { config, issues: [{ path: ['shared', 'caFile'], message: `"${caFile}" holds no PEM certificate (expected -----BEGIN CERTIFICATE-----)` }] };
  }
  return { config: { ...config, shared: { ...config.shared, ca: text } }, issues: [] };
}
