import { writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { renderAlertmanagerConfig } from '../config-export/alertmanager-config.js';
import { renderRuleTests } from '../config-export/prometheus-rule-tests.js';
import { buildRuleExport, renderPrometheusRules } from '../config-export/prometheus-rules.js';
import { KEEP_FIRING_FOR_SINCE, METRIC_FLAVOURS, type MetricFlavour } from '../config-export/promql.js';
import { openConfig } from './config-source.js';
import type { CommandContext } from './context.js';
import { EXIT, UsageError } from './errors.js';

const TARGETS = ['prometheus-rules', 'alertmanager'] as const;

/** `export prometheus-rules | alertmanager`: production configuration generated from the ownership list. */
export async function runExport(context: CommandContext): Promise<number> {
  const [target, ...rest] = context.input;
  if (target === undefined || !(TARGETS as readonly string[]).includes(target) || rest.length > 0) {
    throw new UsageError(`export needs one target: ${TARGETS.join(' or ')} (e.g. api-health export prometheus-rules --config FILE)`);
  }
  const flavour = (context.flags.metrics ?? 'apihealth') as MetricFlavour;
  if (!METRIC_FLAVOURS.includes(flavour)) throw new UsageError(`invalid --metrics "${context.flags.metrics}" (known: ${METRIC_FLAVOURS.join(', ')})`);
  if (context.flags.tests !== undefined && (target !== 'prometheus-rules' || context.flags.output === undefined)) {
    throw new UsageError('--tests goes with export prometheus-rules --output FILE: the test file names the rule file it tests');
  }
  const keepFiringFor = supportsKeepFiringFor(context.flags.prometheus ?? KEEP_FIRING_FOR_SINCE);
  const source = await openConfig(context);
  try {
    const { config } = source;
    if (target === 'alertmanager') {
      emit(context, renderAlertmanagerConfig(config));
      return EXIT.ok;
    }
    const exported = buildRuleExport(config, flavour, { keepFiringFor });
    emit(context, renderPrometheusRules(exported, flavour));
    if (context.flags.tests !== undefined) {
      const testsFile = resolve(context.cwd, context.flags.tests);
      const ruleFile = relative(dirname(testsFile), resolve(context.cwd, context.flags.output!));
      writeFile(testsFile, renderRuleTests(exported, flavour, ruleFile));
    }
    return EXIT.ok;
  } finally {
    await source.close();
  }
}

/** "2.42", "2.41.0", "v2.53.1": whether that Prometheus has keep_firing_for. */
function supportsKeepFiringFor(version: string): boolean {
  const match = /^v?(\d+)\.(\d+)(?:\.\d+)?$/.exec(version.trim());
  if (!match) throw new UsageError(`invalid --prometheus "${version}": a Prometheus version such as ${KEEP_FIRING_FOR_SINCE} or 2.41.0`);
  const [major, minor] = [Number(match[1]), Number(match[2])];
  const [sinceMajor, sinceMinor] = KEEP_FIRING_FOR_SINCE.split('.').map(Number) as [number, number];
  return major > sinceMajor || (major === sinceMajor && minor >= sinceMinor);
}

function emit(context: CommandContext, text: string): void {
  if (context.flags.output === undefined) context.stdout.write(text);
  else writeFile(resolve(context.cwd, context.flags.output), text);
}

function writeFile(path: string, text: string): void {
  try {
    writeFileSync(path, text);
  } catch (error) {
    throw new UsageError(`cannot write ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}
