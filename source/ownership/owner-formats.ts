// Apart from the formatter, so the command table names the choices without loading the ownership registry.
export const OWNER_FORMATS = ['markdown', 'wikitext', 'csv', 'json'] as const;
export type OwnerFormat = (typeof OWNER_FORMATS)[number];
