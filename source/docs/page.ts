import type { Config } from '../config/types.js';
import { configRedactor, createRedactor, REDACTED, redactValue } from '../text/redact.js';
import { render, type Block, type DocFormat, type Inline } from '../text/markup.js';

/** A private-use character: in no text of ours, and left alone by every escaping of markup.ts. */
const REDACTION_MARK = '\ue000';

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

/**
 * A page as text: the docs command writes these files, and `sla` prints the SLA page the same way. Text from
 * the config can carry a secret (a ${VAR} value); no page ever prints one.
 */
export function renderPage(generated: Page, config: Pick<Config, 'secrets'>, format: DocFormat): string {
  // Redacted before rendering: each format escapes links and text its own way, and an escaped secret
  // (`tok%20en` in a Markdown link) is no longer the text the redactor looks for. The marker is a character
  // no format escapes, so "[redacted]" itself is not escaped either.
  const marked = redactValue(generated.blocks, createRedactor(config.secrets, REDACTION_MARK));
  return configRedactor(config)(render(marked, format)).replaceAll(REDACTION_MARK, REDACTED);
}
