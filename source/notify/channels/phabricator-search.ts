/**
 * Finding the task an earlier attempt opened without our hearing of it (a timeout, a kill): maniphest.search
 * over the tasks our token's user created since the attempt, matched on the alarm's line in the description.
 * Search constraints read the database, not the fulltext index, so a task opened a second ago is found.
 */

/** The description line that names the alarm: written into every task, looked for when recovering one. */
export function alarmLine(alarmId: string): string {
  return `Alarm \`${alarmId}\`, reported by api-health.`;
}

/** Tasks per page: with their descriptions and fields (about 2 KB each) well inside the part of an answer that is read. */
export const SEARCH_PAGE = 10;
/** The install's clock and ours may differ: look this much further back than the first attempt. */
const CLOCK_SLACK_S = 300;

export interface SearchParams {
  constraints: { authorPHIDs: string[]; createdStart: number };
  order: 'newest';
  limit: number;
  after?: string;
}

export function searchParams(authorPhid: string, since: number, after: string | undefined): SearchParams {
  return {
    constraints: { authorPHIDs: [authorPhid], createdStart: Math.floor(since / 1_000) - CLOCK_SLACK_S },
    order: 'newest',
    limit: SEARCH_PAGE,
    ...(after === undefined ? {} : { after }),
  };
}

export interface SearchPage {
  /** The task whose description names the alarm, if this page has it. */
  task?: { id: number; phid: string };
  /** The cursor for the next page; undefined on the last. */
  after?: string;
}

/** Reads one page of a maniphest.search result; undefined when it is not one. */
export function readSearchPage(value: unknown, alarmId: string): SearchPage | undefined {
  const result = value as { data?: unknown; cursor?: { after?: unknown } } | undefined;
  if (!Array.isArray(result?.data)) return undefined;
  const line = alarmLine(alarmId);
  const match = (result.data as { id?: unknown; phid?: unknown; fields?: { description?: { raw?: unknown } } }[]).find(
    (task) => typeof task.id === 'number' && typeof task.phid === 'string' && typeof task.fields?.description?.raw === 'string' && task.fields.description.raw.includes(line),
  );
  const after = result.cursor?.after;
  return {
    ...(match ? { task: { id: match.id as number, phid: match.phid as string } } : {}),
    ...(typeof after === 'string' && after !== '' ? { after } : {}),
  };
}

/** The user our token acts as, from user.whoami; undefined when the answer does not say. */
export function readWhoami(value: unknown): string | undefined {
  const phid = (value as { phid?: unknown } | undefined)?.phid;
  return typeof phid === 'string' && phid !== '' ? phid : undefined;
}
