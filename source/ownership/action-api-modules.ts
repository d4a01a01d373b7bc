import { z } from 'zod';
import type { NewApi } from './append-apis.js';

/** One module as `action=paraminfo` describes it (formatversion 1 or 2). */
export interface ActionModule {
  name: string;
  path: string;
  group: string;
  source: string;
  helpurl?: string | undefined;
}

const moduleSchema = z.looseObject({
  name: z.string().min(1),
  path: z.string().min(1),
  group: z.string().min(1),
  source: z.string().min(1),
  helpurls: z.array(z.string()).optional(),
});

const paraminfoSchema = z.union([
  z.looseObject({ paraminfo: z.looseObject({ modules: z.array(z.unknown()) }) }).transform((v) => v.paraminfo.modules),
  z.looseObject({ modules: z.array(z.unknown()) }).transform((v) => v.modules),
]);

export class ParaminfoError extends Error {
  override name = 'ParaminfoError';
}

/** The modules of a paraminfo answer, and what could not be read (each with why). */
export function readParaminfo(document: unknown): { modules: ActionModule[]; skipped: string[] } {
  const parsed = paraminfoSchema.safeParse(document);
  if (!parsed.success) throw new ParaminfoError('not an action=paraminfo answer: expected {"paraminfo": {"modules": [...]}}');
  const modules: ActionModule[] = [];
  const skipped: string[] = [];
  parsed.data.forEach((raw, index) => {
    const module = moduleSchema.safeParse(raw);
    if (!module.success) {
      skipped.push(`modules[${index}]: ${module.error.issues.map((i) => `${i.path.join('.') || 'module'} ${i.message}`).join('; ')}`);
      return;
    }
    const { name, path, group, source, helpurls } = module.data;
    modules.push({ name, path, group, source, helpurl: helpurls?.[0] });
  });
  return { modules, skipped };
}

/** `action=query` for a main module, `list=search` for a query submodule: how the API's users write it. */
export function moduleLabel(module: ActionModule): string {
  return `${module.group}=${module.name}`;
}

/** query+search -> action-api-query-search: an id of the config (letters, digits, "-", "_", "."). */
export function moduleId(module: ActionModule): string {
  return `action-api-${module.path.replace(/\+/g, '-').replace(/[^A-Za-z0-9_.-]+/g, '_')}`;
}

export interface ModulePlan {
  components: NewApi[];
  probes: NewApi[];
  /** Module ids the config already has, left as they are. */
  clashes: string[];
  /** Modules whose source no team is mapped to: listed as Unassigned. */
  unassigned: string[];
}

/**
 * Each module as a component of the ownership list, its owner the team its source maps to (Unassigned when none
 * does); with `probeUrl` (an api.php) also as a probe of its paraminfo, a safe and cheap GET.
 */
export function planModules(
  modules: readonly ActionModule[],
  owners: Readonly<Record<string, string>>,
  family: string,
  existingIds: readonly string[],
  probeUrl?: string,
): ModulePlan {
  const taken = new Set(existingIds);
  const plan: ModulePlan = { components: [], probes: [], clashes: [], unassigned: [] };
  for (const module of modules) {
    const id = moduleId(module);
    const probeId = `${id}-paraminfo`;
    if (taken.has(id) || (probeUrl !== undefined && taken.has(probeId))) {
      plan.clashes.push(id);
      continue;
    }
    taken.add(id);
    const owner = Object.hasOwn(owners, module.source) ? owners[module.source] : undefined;
    if (owner === undefined) plan.unassigned.push(`${id} (${moduleLabel(module)}, source ${module.source})`);
    const entry: Record<string, unknown> = { name: `Action API ${moduleLabel(module)}`, family, ...(owner ? { owner } : {}), description: `${module.path} from ${module.source}` };
    if (module.helpurl) entry.docs = module.helpurl;
    plan.components.push({ id, entry });
    if (probeUrl !== undefined) {
      const url = new URL(probeUrl);
      for (const [key, value] of Object.entries({ action: 'paraminfo', modules: module.path, format: 'json', formatversion: '2' })) url.searchParams.set(key, value);
      plan.probes.push({ id: probeId, entry: { name: `Action API ${moduleLabel(module)} (paraminfo)`, family, ...(owner ? { owner } : {}), url: url.toString() } });
    }
  }
  return plan;
}
