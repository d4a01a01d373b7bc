import { readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../../persistence/atomic-write.js';
import { corruptName } from '../../persistence/state-file.js';

/** The task an alarm opened on one Phabricator install, and which deliveries it has already taken. */
export interface TaskRecord {
  id: number;
  phid: string;
  /** The last request keys applied to it: a retry of a message skips what already reached the task. */
  applied: string[];
}

/**
 * Set before the maniphest.edit that opens an alarm's task, cleared once its task is known. Conduit has no
 * idempotency key: a call that timed out, or a process killed before the answer was kept, may have opened
 * the task all the same, so the next attempt looks for it first.
 */
export interface OpeningMark {
  /** When the first attempt was sent (epoch ms): no task it opened can be older. */
  since: number;
  /** The deliveries that tried; whichever opened the task has reached it. */
  requestKeys: string[];
}

const taskSchema = z.object({ id: z.int(), phid: z.string(), applied: z.array(z.string()) });
const openingSchema = z.object({ opening: z.object({ since: z.number(), requestKeys: z.array(z.string()) }) });
const fileSchema = z.record(z.string(), z.union([taskSchema, openingSchema]));
type Entry = z.infer<typeof taskSchema> | z.infer<typeof openingSchema>;

/** Enough to cover every item of any message still being retried. */
const APPLIED_KEPT = 50;

export const PHABRICATOR_TASKS_FILE = 'phabricator-tasks.json';

/**
 * Which task each alarm opened, kept in the state directory so a re-fire after a restart comments on the same
 * task. Read and written whole on every change, synchronously: two Phabricator channels in one process then
 * never overwrite each other's records. Without a state directory it lives only as long as the channel.
 */
export class TaskStore {
  private memory: Record<string, Entry> = {};
  private problem: string | undefined;

  constructor(
    private readonly stateDir: string | undefined,
    private readonly now: () => number,
  ) {}

  /** What went wrong reading the file since last asked (it was moved aside), once. */
  takeProblem(): string | undefined {
    const problem = this.problem;
    this.problem = undefined;
    return problem;
  }

  get(key: string): TaskRecord | undefined {
    const entry = this.read()[key];
    return entry && 'id' in entry ? entry : undefined;
  }

  /** The attempts to open this alarm's task whose outcome is not known; undefined once its task is. */
  opening(key: string): OpeningMark | undefined {
    const entry = this.read()[key];
    return entry && 'opening' in entry ? entry.opening : undefined;
  }

  /** Notes an attempt to open the alarm's task, before it is sent. */
  markOpening(key: string, requestKey: string): void {
    const all = this.read();
    const entry = all[key];
    const mark = entry && 'opening' in entry ? entry.opening : { since: this.now(), requestKeys: [] };
    all[key] = { opening: { since: mark.since, requestKeys: [...mark.requestKeys.filter((k) => k !== requestKey), requestKey].slice(-APPLIED_KEPT) } };
    this.write(all);
  }

  /** Records that `requestKeys` reached the task (opening it, when it is new). */
  applied(key: string, task: { id: number; phid: string }, ...requestKeys: string[]): void {
    const all = this.read();
    const entry = all[key];
    const before = entry && 'id' in entry && entry.phid === task.phid ? entry.applied : [];
    all[key] = { id: task.id, phid: task.phid, applied: [...before, ...requestKeys].slice(-APPLIED_KEPT) };
    this.write(all);
  }

  private read(): Record<string, Entry> {
    if (this.stateDir === undefined) return this.memory;
    const path = join(this.stateDir, PHABRICATOR_TASKS_FILE);
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      return {};
    }
    let problem: string;
    try {
      const parsed = fileSchema.safeParse(JSON.parse(text));
      if (parsed.success) return parsed.data;
      problem = `does not hold task records at ${parsed.error.issues[0]?.path.join('.') ?? 'its top'}`;
    } catch (error) {
      problem = `is not valid JSON (${(error as Error).message})`;
    }
    // The next write would replace it: kept byte for byte, so no record in it is lost to a torn write or a hand edit.
    const aside = corruptName(path, this.now());
    try {
      renameSync(path, aside);
      this.problem = `${path} ${problem}: moved it to ${aside}; an alarm whose task it named opens a new one`;
    } catch (error) {
      this.problem = `${path} ${problem} and could not be moved aside (${(error as Error).message})`;
    }
    return {};
  }

  private write(all: Record<string, Entry>): void {
    if (this.stateDir === undefined) this.memory = all;
    else writeFileAtomic(join(this.stateDir, PHABRICATOR_TASKS_FILE), `${JSON.stringify(all)}\n`);
  }
}
