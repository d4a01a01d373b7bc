import { DOC_FORMATS } from '../text/markup.js';
import { renderPage } from '../docs/page.js';
import { slaPage } from '../docs/sla-page.js';
import { openConfig } from './config-source.js';
import type { CommandContext } from './context.js';
import { EXIT } from './errors.js';
import { pickFormat, writeOutput } from './output.js';

/** Prints the SLA page of `docs` on its own, as Markdown or wikitext, to publish. */
export async function runSla(context: CommandContext): Promise<number> {
  const format = pickFormat(context.flags.format, DOC_FORMATS);
  const source = await openConfig(context);
  try {
    writeOutput(context, renderPage(slaPage(source.config), source.config, format));
    return EXIT.ok;
  } finally {
    await source.close();
  }
}
