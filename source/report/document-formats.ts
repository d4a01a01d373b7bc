/**
 * The formats `report` and `timeline` write. The command table offers them as choices for every command's
 * help and completion, so they live apart from the formatters, whose text tables need not load with each command.
 */
export const REPORT_FORMATS = ['text', 'markdown', 'wikitext', 'csv'] as const;

export const TIMELINE_FORMATS = ['markdown', 'wikitext', 'json'] as const;
