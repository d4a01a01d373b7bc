import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { parseConfigText, readConfigText } from '../config/load.js';
import { findConfig } from '../config/locate.js';
import { buildDocs, comparable } from '../docs/build-docs.js';
import { DOC_FORMATS } from '../text/markup.js';
import type { CommandContext } from './context.js';
import { EXIT, UsageError } from './errors.js';
import { pickFormat } from './output.js';

const EXIT_DRIFT = 1;

/** SOURCE_DATE_EPOCH (seconds) is the reproducible-builds convention for a fixed generation time. */
function generationTime(env: NodeJS.ProcessEnv): string {
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch !== undefined && /^\d+$/.test(epoch)) return new Date(Number(epoch) * 1000).toISOString();
  return new Date().toISOString();
}

function readIfExists(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** Writes the owners, notifications, alarms and SLA pages and their index; --check compares instead. */
export async function runDocs(context: CommandContext): Promise<number> {
  const format = pickFormat(context.flags.format, DOC_FORMATS);
  if (context.flags.out === undefined) throw new UsageError('docs needs --out DIR: the folder for the pages');
  const file = context.flags.config ?? findConfig(context.cwd, context.env);
  if (file === undefined) throw new UsageError('docs needs --config FILE');
  const text = readConfigText(file);
  const config = parseConfigText(text, file, context.env);
  const stamp = {
    configName: basename(file),
    configSha256: createHash('sha256').update(text).digest('hex'),
    generatedAt: generationTime(context.env),
  };
  const out = resolve(context.cwd, context.flags.out);
  const docs = buildDocs(config, stamp, format);

  if (context.flags.check) {
    const drifted = docs.filter((doc) => {
      const existing = readIfExists(join(out, doc.file));
      return existing === undefined || comparable(existing) !== comparable(doc.text);
    });
    for (const doc of drifted) context.stdout.write(`out of date: ${join(context.flags.out, doc.file)}\n`);
    if (drifted.length > 0) {
      context.stdout.write(`${drifted.length} page(s) differ from ${basename(file)}; regenerate with: api-health docs --config ${file} --out ${context.flags.out}${format === 'markdown' ? '' : ` --format ${format}`}\n`);
      return EXIT_DRIFT;
    }
    context.stdout.write(`${docs.length} pages in ${context.flags.out} match ${basename(file)}\n`);
    return EXIT.ok;
  }

  try {
    mkdirSync(out, { recursive: true });
    for (const doc of docs) writeFileSync(join(out, doc.file), doc.text);
  } catch (error) {
    throw new UsageError(`cannot write to --out ${context.flags.out}: ${(error as Error).message}`);
  }
  context.stdout.write(`wrote ${docs.map((d) => d.file).join(', ')} to ${context.flags.out}\n`);
  return EXIT.ok;
}
