import type { Block } from './markup.js';

export const PAGE_NAMES = ['index', 'owners', 'notifications', 'alarms', 'sla'] as const;
export type PageName = (typeof PAGE_NAMES)[number];

export interface Page {
  name: PageName;
  title: string;
  blocks: Block[];
}

/** Text from the config can carry a secret (a ${VAR} value); no page ever prints one. */
export function redact(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) if (secret !== '') result = result.split(secret).join('[redacted]');
  return result;
}
