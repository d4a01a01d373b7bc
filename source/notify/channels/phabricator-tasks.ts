import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../../persistence/atomic-write.js';

/** The task an alarm opened on one Phabricator install, and which deliveries it has already taken. */
export interface TaskRecord {
  id: number;
  phid: string;
  /** The last request keys applied to it: a retry of a message skips what already reached the task. */
  applied: string[];
}

const recordSchema = z.object({ id: z.int(), phid: z.string(), applied: z.array(z.string()) });
const fileSchema = z.record(z.string(), recordSchema);

/** Enough to cover every item of any message still being retried. */
const APPLIED_KEPT = 50;

export const PHABRICATOR_TASKS_FILE = 'phabricator-tasks.json';

/**
 * Which task each alarm opened, kept in the state directory so a re-fire after a restart comments on the same
 * task. Read and written whole on every change, synchronously: two Phabricator channels in one process then
 * never overwrite each other's records. Without a state directory it lives only as long as the channel.
 */
export class TaskStore {
  private memory: Record<string, TaskRecord> = {};

  constructor(private readonly stateDir: string | undefined) {}

  get(key: string): TaskRecord | undefined {
    return this.read()[key];
  }

  /** Records that `requestKey` reached the task (opening it, when it is new). */
  applied(key: string, task: { id: number; phid: string }, requestKey: string): void {
    const all = this.read();
    const before = all[key]?.phid === task.phid ? all[key].applied : [];
    all[key] = { id: task.id, phid: task.phid, applied: [...before, requestKey].slice(-APPLIED_KEPT) };
    this.write(all);
  }

  private read(): Record<string, TaskRecord> {
    if (this.stateDir === undefined) return this.memory;
    let text: string;
    try {
      text = readFileSync(join(this.stateDir, PHABRICATOR_TASKS_FILE), 'utf8');
    } catch {
      return {};
    }
    try {
      const parsed = fileSchema.safeParse(JSON.parse(text));
      return parsed.success ? parsed.data : {};
    } catch {
      return {};
    }
  }

  private write(all: Record<string, TaskRecord>): void {
    if (this.stateDir === undefined) this.memory = all;
    else writeFileAtomic(join(this.stateDir, PHABRICATOR_TASKS_FILE), `${JSON.stringify(all)}\n`);
  }
}
