import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { renderAlertmanagerConfig } from '../config-export/alertmanager-config.js';
import { renderRuleTests } from '../config-export/prometheus-rule-tests.js';
import { buildRuleExport, renderPrometheusRules } from '../config-export/prometheus-rules.js';
import { DEFAULT_DEPLOY_TAG, renderOperationsAlerts } from '../config-export/operations-alerts.js';
import { writePyrra } from './export-pyrra.js';
import { KEEP_FIRING_FOR_SINCE, METRIC_FLAVOURS, type MetricFlavour } from '../config-export/promql.js';
import { openConfig } from './config-source.js';
import type { CommandContext } from './context.js';
import { EXIT, UsageError } from './errors.js';

const TARGETS = ['prometheus-rules', 'alertmanager', 'pyrra'] as const;
const LAYOUTS = ['operations-alerts'] as const;
/** operations/alerts' deploy tags: one or more names, comma-separated ("ops", "ops, k8s"). */
const DEPLOY_TAG = /^[A-Za-z0-9_-]+(?:\s*,\s*[A-Za-z0-9_-]+)*$/;

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
  if (context.flags.by !== undefined && target !== 'pyrra') throw new UsageError('--by goes with export pyrra');
  if (target === 'pyrra') return writePyrra(context, flavour);
  const layout = checkLayout(context, target);
  const keepFiringFor = supportsKeepFiringFor(context.flags.prometheus ?? KEEP_FIRING_FOR_SINCE);
  const source = await openConfig(context);
  try {
    const { config } = source;
    if (target === 'alertmanager') {
      emit(context, renderAlertmanagerConfig(config));
      return EXIT.ok;
    }
    const exported = buildRuleExport(config, flavour, { keepFiringFor });
    if (layout) {
      for (const file of renderOperationsAlerts(config, exported, flavour, layout.deployTag)) {
        const path = join(layout.out, file.path);
        makeDir(dirname(path));
        writeFile(path, file.text);
      }
      return EXIT.ok;
    }
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

/** `--layout operations-alerts --out DIR [--deploy-tag TAG]`, checked before the config is read. */
function checkLayout(context: CommandContext, target: string): { out: string; deployTag: string } | undefined {
  const { layout, out, deployTag, output, tests } = context.flags;
  if (layout === undefined) {
    if (deployTag !== undefined) throw new UsageError('--deploy-tag goes with --layout operations-alerts');
    return undefined;
  }
  if (!(LAYOUTS as readonly string[]).includes(layout)) throw new UsageError(`invalid --layout "${layout}" (known: ${LAYOUTS.join(', ')})`);
  if (target !== 'prometheus-rules') throw new UsageError('--layout goes with export prometheus-rules');
  if (out === undefined) throw new UsageError('--layout operations-alerts needs --out DIR: the repository folder that gets one team-<team>/ folder per team');
  if (output !== undefined || tests !== undefined) throw new UsageError('--layout writes its own rule and test files under --out: drop --output and --tests');
  const tag = deployTag ?? DEFAULT_DEPLOY_TAG;
  if (!DEPLOY_TAG.test(tag)) throw new UsageError(`invalid --deploy-tag ${JSON.stringify(tag)}: one or more names such as ops or "ops, k8s"`);
  return { out: resolve(context.cwd, out), deployTag: tag };
}

function makeDir(path: string): void {
  try {
    mkdirSync(path, { recursive: true });
  } catch (error) {
    throw new UsageError(`cannot create ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
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
