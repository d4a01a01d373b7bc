import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigError, parseConfigText, readConfigText } from '../config/load.js';
import { configCandidates, findConfig } from '../config/locate.js';
import type { Team } from '../config/types.js';
import { AppendError, appendApis, planImport } from '../ownership/append-apis.js';
import type { OpenApiProposal } from '../ownership/openapi-probes.js';
import { writeFileAtomic } from '../persistence/atomic-write.js';
import { didYouMean } from '../text/did-you-mean.js';
import { sanitize } from '../text/sanitize.js';
import type { CommandContext } from './context.js';
import { EXIT, UsageError } from './errors.js';
import { proposeFromOpenApi, specTimeoutMs } from './openapi-source.js';

const USAGE = 'usage: api-health import openapi FILE|URL --family NAME --owner TEAM [--config FILE] [--timeout D]';

/**
 * `import openapi`: the probes `init --from-openapi` would propose, appended under `apis:` of an existing config.
 * Every other line of the file stays as it was; ids the config already has are left out, never overwritten; the
 * edited text must load as a config before it replaces the file, so a failed import writes nothing.
 */
export async function runImport(context: CommandContext): Promise<number> {
  const [kind, source, ...extra] = context.input;
  if (kind === 'action-api') return (await import('./import-action-api.js')).runImportActionApi(context);
  if (kind !== 'openapi') throw new UsageError(kind === undefined ? USAGE : `unknown import kind "${kind}"${didYouMean(kind, ['openapi', 'action-api'])}; ${USAGE}`);
  if (source === undefined || extra.length > 0) throw new UsageError(USAGE);
  const { family, owner } = context.flags;
  if (family === undefined) throw new UsageError(`import openapi needs --family NAME: the family of the new APIs; ${USAGE}`);
  if (owner === undefined) throw new UsageError(`import openapi needs --owner TEAM: the team that owns the new APIs; ${USAGE}`);
  const timeoutMs = specTimeoutMs(context);
  const file = configFile(context);
  const path = resolve(context.cwd, file);
  const before = readConfigText(path);
  const config = parseConfigText(before, file, context.env);
  const teams = config.teams.map((team) => team.id);
  if (!teams.includes(owner)) throw new UsageError(`--owner "${sanitize(owner)}" is not a team of ${file} (teams: ${teams.join(', ') || 'none'})${didYouMean(owner, teams)}`);

  const proposal = await proposeFromOpenApi(source, context.cwd, 'import openapi', 'the spec', timeoutMs);
  const plan = planImport(proposal, family, owner, config.apis.map((api) => api.id));
  let after: string;
  try {
    after = appendApis(before, plan.apis);
  } catch (error) {
    if (error instanceof AppendError) throw new UsageError(`cannot add APIs to ${file}: ${error.message}; nothing written`);
    throw error;
  }
  try {
    parseConfigText(after, file, context.env);
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(`the imported APIs would make ${file} invalid, nothing written:\n${error.message}`);
    throw error;
  }
  if (after !== before) writeFileAtomic(path, after, statSync(path).mode & 0o777);

  const ids = plan.apis.map((api) => api.id);
  context.stdout.write(ids.length > 0 ? `added ${ids.length} API${ids.length === 1 ? '' : 's'} to ${sanitize(file)}: ${ids.join(', ')}\n` : `nothing added to ${sanitize(file)}\n`);
  const left = [
    ...plan.clashes.map((id) => `${id} (the config has this id already: its API is kept as it is)`),
    ...proposal.unmonitored.map((op) => `${op} (x-monitor: false)`),
    ...proposal.skipped,
    ...plan.unfilled.map((probe) => `${probe}: path parameters without an example value`),
    ...proposal.unrunnable,
  ];
  for (const line of left) context.stderr.write(`left out: ${sanitize(line)}\n`);
  const hint = ownerHint(proposal.contact, config.teams, owner);
  if (hint !== undefined) context.stderr.write(`${sanitize(hint)}\n`);
  // --family names the family here: the spec's title is not written.
  for (const line of proposal.escaped.filter((escaped) => !escaped.startsWith('family '))) context.stderr.write(`escaped: ${sanitize(line)}: written with $\${, a literal \${ (text from a spec never reads the environment)\n`);
  return EXIT.ok;
}

/**
 * The spec's `info.contact` against the config's teams (by e-mail, then by name or id): a hint that --owner may be
 * wrong, or that the spec's stewards are not a team of this config yet. Nothing when the spec names no contact.
 */
function ownerHint(contact: OpenApiProposal['contact'], teams: readonly Team[], owner: string): string | undefined {
  if (contact === undefined) return undefined;
  const shown = [contact.name, contact.email && `<${contact.email}>`].filter(Boolean).join(' ');
  const lower = (text: string | undefined) => text?.trim().toLowerCase();
  const team =
    teams.find((t) => contact.email !== undefined && lower(t.contacts.email) === lower(contact.email)) ??
    teams.find((t) => contact.name !== undefined && (lower(t.name) === lower(contact.name) || t.id === lower(contact.name)));
  if (team === undefined) return `owner hint: the spec's contact ${shown} matches no team of the config; the APIs went to --owner ${owner}`;
  if (team.id === owner) return `owner hint: the spec's contact ${shown} is team ${team.id}, the --owner given`;
  return `owner hint: the spec's contact ${shown} is team ${team.id}, not --owner ${owner}: check which team owns these APIs`;
}

/** --config, else the config the other commands would read: importing into a file nobody reads helps no one. */
export function configFile(context: CommandContext): string {
  const file = context.flags.config ?? findConfig(context.cwd, context.env);
  if (file !== undefined) return file;
  const looked = configCandidates(context.cwd, context.env).join(', ');
  throw new UsageError(`no config to import into (looked in ${looked}); name one with --config FILE, or start one with api-health init`);
}
