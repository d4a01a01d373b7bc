import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { ConfigError, parseConfigText, readConfigText } from '../config/load.js';
import { AppendError, appendApis, appendEntries } from '../ownership/append-apis.js';
import { ParaminfoError, planModules, readParaminfo } from '../ownership/action-api-modules.js';
import { writeFileAtomic } from '../persistence/atomic-write.js';
import { didYouMean } from '../text/did-you-mean.js';
import { sanitize } from '../text/sanitize.js';
import type { CommandContext } from './context.js';
import { EXIT, UsageError } from './errors.js';
import { configFile } from './import.js';
import { readDocument, specTimeoutMs, withinDeadline } from './openapi-source.js';

const USAGE = 'usage: api-health import action-api FILE|URL --owner-map FILE [--family NAME] [--probe API_PHP_URL] [--config FILE]';
const DEFAULT_FAMILY = 'Action API';

/**
 * `import action-api`: the modules of an `action=paraminfo` answer added to the ownership list as components, each
 * owned by the team its source (MediaWiki core or an extension) maps to in --owner-map, Unassigned when none does.
 * Probes only with --probe. As with `import openapi`, only new entries are appended and a result that would not
 * load writes nothing.
 */
export async function runImportActionApi(context: CommandContext): Promise<number> {
  const [, source, ...extra] = context.input;
  if (source === undefined || extra.length > 0) throw new UsageError(USAGE);
  const { ownerMap, probe } = context.flags;
  if (ownerMap === undefined) throw new UsageError(`import action-api needs --owner-map FILE: a YAML map from a module's source (MediaWiki, CirrusSearch, ...) to a team; ${USAGE}`);
  if (probe !== undefined && !/^https?:\/\/[^\s]+$/i.test(probe)) throw new UsageError(`invalid --probe "${sanitize(probe)}": the api.php URL to probe modules at, e.g. https://en.wikipedia.org/w/api.php`);
  const family = context.flags.family ?? DEFAULT_FAMILY;
  const file = configFile(context);
  const path = resolve(context.cwd, file);
  const before = readConfigText(path);
  const config = parseConfigText(before, file, context.env);
  const timeoutMs = specTimeoutMs(context);
  const owners = await readOwnerMap(ownerMap, context.cwd, config.teams.map((team) => team.id), timeoutMs);

  const { text } = await withinDeadline(source, timeoutMs, (deadline) => readDocument(source, context.cwd, 'import action-api', 'the paraminfo answer', deadline));
  let modules;
  try {
    modules = readParaminfo(parseDocument(text, source));
  } catch (error) {
    if (error instanceof ParaminfoError) throw new UsageError(`${sanitize(source)}: ${error.message}`);
    throw error;
  }
  const plan = planModules(modules.modules, owners, family, [...config.apis, ...config.components].map((entry) => entry.id), probe);
  let after: string;
  try {
    after = appendApis(appendEntries(before, 'components', plan.components), plan.probes);
  } catch (error) {
    if (error instanceof AppendError) throw new UsageError(`cannot add the modules to ${file}: ${error.message}; nothing written`);
    throw error;
  }
  try {
    parseConfigText(after, file, context.env);
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(`the imported modules would make ${file} invalid, nothing written:\n${error.message}`);
    throw error;
  }
  if (after !== before) writeFileAtomic(path, after, statSync(path).mode & 0o777);

  const ids = plan.components.map((c) => c.id);
  const lines = [ids.length > 0 ? `added ${ids.length} module${ids.length === 1 ? '' : 's'} to ${file} (components): ${ids.join(', ')}` : `nothing added to ${file}`];
  if (plan.probes.length > 0) lines.push(`added ${plan.probes.length} probe${plan.probes.length === 1 ? '' : 's'} (apis): ${plan.probes.map((p) => p.id).join(', ')}`);
  for (const module of plan.unassigned) lines.push(`unassigned (no team for its source in ${ownerMap}): ${module}`);
  context.stdout.write(`${lines.map(sanitize).join('\n')}\n`);
  for (const line of [...plan.clashes.map((id) => `${id} (the config has this id already: kept as it is)`), ...modules.skipped]) context.stderr.write(`left out: ${sanitize(line)}\n`);
  return EXIT.ok;
}

function parseDocument(text: string, source: string): unknown {
  try {
    return parse(text) as unknown;
  } catch (error) {
    throw new UsageError(`${sanitize(source)} is not JSON or YAML: ${(error as Error).message.split('\n')[0]}`);
  }
}

/** source -> team id, every team one of the config's. */
async function readOwnerMap(file: string, cwd: string, teams: readonly string[], timeoutMs: number): Promise<Record<string, string>> {
  const { text } = await withinDeadline(file, timeoutMs, (deadline) => readDocument(file, cwd, 'import action-api', 'the owner map', deadline));
  let map: unknown;
  try {
    map = parse(text);
  } catch (error) {
    throw new UsageError(`--owner-map ${sanitize(file)} is not YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  if (map === null || typeof map !== 'object' || Array.isArray(map)) throw new UsageError(`--owner-map ${sanitize(file)} must map each module source to a team (MediaWiki: mwi)`);
  const owners: Record<string, string> = {};
  for (const [source, team] of Object.entries(map)) {
    if (typeof team !== 'string') throw new UsageError(`--owner-map ${sanitize(file)}: ${sanitize(source)} must map to a team id, not ${JSON.stringify(team)}`);
    if (!teams.includes(team)) throw new UsageError(`--owner-map ${sanitize(file)}: ${sanitize(source)} maps to "${sanitize(team)}", not a team of the config (teams: ${teams.join(', ') || 'none'})${didYouMean(team, teams)}`);
    owners[source] = team;
  }
  return owners;
}
