import { z } from 'zod';

/**
 * What api-health reads of Alertmanager's v2 answers. Alertmanager is another program (a proxy, a different
 * version or a stand-in may answer instead): everything it says is checked against these before use.
 */
const labelSet = z.record(z.string(), z.string());

const matcher = z.object({ name: z.string(), value: z.string(), isRegex: z.boolean(), isEqual: z.boolean().optional() });

export const silencesAnswer = z.array(
  z.object({
    id: z.string(),
    matchers: z.array(matcher),
    startsAt: z.string(),
    endsAt: z.string(),
    createdBy: z.string(),
    comment: z.string(),
    status: z.object({ state: z.enum(['active', 'pending', 'expired']) }),
  }),
);

export const alertsAnswer = z.array(
  z.object({
    labels: labelSet,
    annotations: labelSet.optional(),
    startsAt: z.string(),
  }),
);

export const createdSilenceAnswer = z.object({ silenceID: z.string() });

/** The first thing wrong with an answer, in one line: `[0].status: expected object, received undefined`. */
export function shapeProblem(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'unexpected shape';
  const path = issue.path.map((key) => (typeof key === 'number' ? `[${key}]` : `.${String(key)}`)).join('');
  const where = path === '' ? 'the answer' : path.replace(/^\./, '');
  const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more)` : '';
  return `${where}: ${issue.message}${more}`;
}
