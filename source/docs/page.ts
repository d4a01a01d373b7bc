import type { Config } from '../config/types.js';
import { render, type Block, type DocFormat, type Inline } from './markup.js';

export const PAGE_NAMES = ['index', 'owners', 'notifications', 'alarms', 'sla'] as const;
export type PageName = (typeof PAGE_NAMES)[number];

export interface Page {
  name: PageName;
  title: string;
  blocks: Block[];
}

/** Every page opens the same way: its title as the one top heading, then a paragraph saying what it holds. */
export function page(name: PageName, title: string, intro: Inline[], body: Block[]): Page {
  return { name, title, blocks: [{ kind: 'heading', level: 1, text: title }, { kind: 'paragraph', content: intro }, ...body] };
}

/** Text from the config can carry a secret (a ${VAR} value); no page ever prints one. */
export function redact(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) if (secret !== '') result = result.split(secret).join('[redacted]');
  return result;
}

/** A page as text: the docs command writes these files, and `sla` prints the SLA page the same way. */
export function renderPage(generated: Page, config: Pick<Config, 'secrets'>, format: DocFormat): string {
  return redact(render(generated.blocks, format), config.secrets);
}
