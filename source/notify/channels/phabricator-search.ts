import type { DeliveryResult } from '../message.js';

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
/** A search that has not found the task after this many pages gives up for this attempt (a cursor that never ends). */
const MAX_SEARCH_PAGES = 50;

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

/** One Conduit lookup, sent without an idempotency key (it changes nothing), and what came back. */
export type ConduitLookup = (
  call: { method: 'user.whoami'; params: Record<string, never> } | { method: 'maniphest.search'; params: SearchParams },
) => Promise<{ result: DeliveryResult; value?: unknown }>;

/** The task an unconfirmed attempt opened, `{}` when none did, or why Conduit could not say. */
export type Found = { task?: { id: number; phid: string } } | { failed: DeliveryResult };

/** Looks for the tasks attempts opened unheard; asks once who our token acts as, the author of every one of them. */
export class TaskFinder {
  private author: string | undefined;

  constructor(private readonly lookup: ConduitLookup) {}

  async find(alarmId: string, since: number): Promise<Found> {
    const failed = (result: DeliveryResult): Found => ({ failed: { ...result, reason: `looking for the task an earlier attempt may have opened: ${result.reason}` } });
    if (this.author === undefined) {
      const who = await this.lookup({ method: 'user.whoami', params: {} });
      if (!who.result.ok) return failed(who.result);
      this.author = readWhoami(who.value);
      if (this.author === undefined) return failed({ ok: false, retryable: true, status: who.result.status, reason: "Conduit answered user.whoami without the user's PHID" });
    }
    let after: string | undefined;
    for (let page = 0; page < MAX_SEARCH_PAGES; page++) {
      const found = await this.lookup({ method: 'maniphest.search', params: searchParams(this.author, since, after) });
      if (!found.result.ok) return failed(found.result);
      const read = readSearchPage(found.value, alarmId);
      if (!read) return failed({ ok: false, retryable: true, status: found.result.status, reason: 'Conduit answered maniphest.search without a list of tasks' });
      if (read.task) return { task: read.task };
      if (read.after === undefined) return {};
      after = read.after;
    }
    return failed({ ok: false, retryable: true, reason: `no end to maniphest.search's pages after ${MAX_SEARCH_PAGES}` });
  }
}
