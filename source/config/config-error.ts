import { sanitize } from '../text/sanitize.js';
import type { ConfigPath } from './resolve.js';

// Apart from the loader, so a command can tell a config error from a crash without loading the schema and the YAML parser.

export interface ConfigIssue {
  path: ConfigPath;
  message: string;
  line?: number | undefined;
  column?: number | undefined;
}

/** Everything wrong with a config file, reported together. */
export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly issues: ConfigIssue[],
  ) {
    super(issues.map((issue) => formatIssue(file, issue)).join('\n'));
    this.name = 'ConfigError';
  }
}

export function formatIssue(file: string, issue: ConfigIssue): string {
  const where = issue.line === undefined ? file : `${file}:${issue.line}:${issue.column ?? 1}`;
  const key = issue.path.length > 0 ? `${formatPath(issue.path)}: ` : '';
  // Keys and values are quoted back to the user: a hostile file must not drive their terminal through them.
  return sanitize(`${where}: ${key}${issue.message}`);
}

export function formatPath(path: ConfigPath): string {
  return path.map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? part : `.${part}`)).join('');
}
