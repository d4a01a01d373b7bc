import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildPyrra, PYRRA_GROUPINGS, renderPyrra, renderPyrraObject, type PyrraGrouping } from '../config-export/pyrra.js';
import type { MetricFlavour } from '../config-export/promql.js';
import { openConfig } from './config-source.js';
import type { CommandContext } from './context.js';
import { EXIT, UsageError } from './errors.js';
import { writeOutput } from './output.js';

/**
 * `export pyrra [--by api|family] [--out DIR | --output FILE]`: the config's SLOs as Pyrra ServiceLevelObjectives,
 * one YAML stream on stdout (or --output), or one file per object under --out, as a Pyrra config directory holds them.
 */
export async function writePyrra(context: CommandContext, flavour: MetricFlavour): Promise<number> {
  const by = (context.flags.by ?? 'api') as PyrraGrouping;
  if (!PYRRA_GROUPINGS.includes(by)) throw new UsageError(`invalid --by "${context.flags.by}" (known: ${PYRRA_GROUPINGS.join(', ')})`);
  if (context.flags.out !== undefined && context.flags.output !== undefined) throw new UsageError('export pyrra writes to --out DIR (one file per SLO) or --output FILE (one stream), not both');
  const source = await openConfig(context);
  try {
    const exported = buildPyrra(source.config, flavour, by);
    if (context.flags.out === undefined) {
      writeOutput(context, renderPyrra(exported));
      return EXIT.ok;
    }
    const dir = resolve(context.cwd, context.flags.out);
    try {
      mkdirSync(dir, { recursive: true });
      for (const slo of exported.slos) writeFileSync(join(dir, `${slo.metadata.name}.yaml`), renderPyrraObject(slo));
    } catch (error) {
      throw new UsageError(`cannot write to --out ${context.flags.out}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
    for (const note of exported.notes) context.stderr.write(`api-health: note: ${note}\n`);
    return EXIT.ok;
  } finally {
    await source.close();
  }
}
