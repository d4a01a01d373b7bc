import { renderSlaDocument, SLA_FORMATS, type SlaFormat } from '../alerts/sla-document.js';
import { openConfig } from './config-source.js';
import type { CommandContext } from './context.js';
import { EXIT, UsageError } from './errors.js';

/** Prints the SLA policies and team escalations as Markdown or wikitext, to publish. */
export async function runSla(context: CommandContext): Promise<number> {
  const format = context.flags.format ?? 'markdown';
  if (!SLA_FORMATS.includes(format as SlaFormat)) {
    throw new UsageError(`invalid --format "${format}" (use ${SLA_FORMATS.join(' or ')})`);
  }
  const source = await openConfig(context);
  try {
    context.stdout.write(renderSlaDocument(source.config, format as SlaFormat));
    return EXIT.ok;
  } finally {
    await source.close();
  }
}
