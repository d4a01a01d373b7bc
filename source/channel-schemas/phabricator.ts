import { z } from 'zod';
import { channelFields, httpUrl } from './common.js';

const SEVERITIES = ['page', 'critical', 'warning', 'info'] as const;

/** Phabricator's default priority keywords, most urgent first; an install may add its own, so any keyword is taken. */
const priority = z.string().regex(/^[a-z][a-z0-9-]*$/, { error: 'must be a Maniphest priority keyword such as unbreak, high, normal, low, wish' });

export const DEFAULT_PHABRICATOR_PRIORITIES: Record<(typeof SEVERITIES)[number], string> = { page: 'unbreak', critical: 'high', warning: 'normal', info: 'low' };

export const phabricatorSchema = z.strictObject({
  type: z.literal('phabricator'),
  url: httpUrl.meta({ description: 'The Phabricator install, e.g. https://phabricator.wikimedia.org' }),
  token: z.string().min(1).meta({ description: 'A Conduit API token (api-...); write it as ${VAR}' }),
  projects: z.array(z.string().min(1)).default([]).meta({ description: 'Project tags (PHIDs or #hashtags) every task gets' }),
  priority: z
    .partialRecord(z.enum(SEVERITIES), priority)
    .default({})
    .transform((given) => ({ ...DEFAULT_PHABRICATOR_PRIORITIES, ...given }))
    .meta({ description: 'Task priority keyword per alarm severity (default page: unbreak, critical: high, warning: normal, info: low)' }),
  closeOnResolve: z.boolean().default(false).meta({ description: 'Close the task (status resolved) when its alarm resolves; otherwise only comment' }),
  ...channelFields,
});
