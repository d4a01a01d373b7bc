import { listenOnLoopback, type LoopbackServer } from './loopback-server.js';

export interface StandInTask {
  id: number;
  phid: string;
  title: string;
  description: string;
  priority: string;
  status: 'open' | 'resolved';
  projects: string[];
  comments: string[];
}

export interface ConduitCallSeen {
  method: string;
  params: Record<string, unknown>;
  output: string | null;
  idempotencyKey: string | undefined;
}

/** Phabricator's default priority keywords (maniphest.priorities). */
const PRIORITIES = new Set(['unbreak', 'triage', 'high', 'normal', 'low', 'wish']);

/**
 * Phabricator cannot run here: a loopback stand-in for the two Conduit methods the channel calls, with
 * Conduit's documented shapes. Requests are form-encoded (`params` as JSON with the token in
 * `__conduit__.token`, `output=json`); answers are HTTP 200 `{result, error_code, error_info}`, errors
 * included (ERR-INVALID-AUTH for a wrong token, ERR-CONDUIT-CORE for invalid transactions or a missing task).
 */
export class ConduitStandIn {
  readonly tasks: StandInTask[] = [];
  readonly calls: ConduitCallSeen[] = [];
  private server: LoopbackServer | undefined;
  private failures: { status: number; body: string }[] = [];

  constructor(private readonly token: string) {}

  /** The next requests get these answers instead (after being recorded). */
  failNext(...answers: { status: number; body: string }[]): void {
    this.failures.push(...answers);
  }

  async listen(port = 0): Promise<string> {
    this.server = await listenOnLoopback((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
        let params: Record<string, unknown> = {};
        try {
          params = JSON.parse(form.get('params') ?? '{}') as Record<string, unknown>;
        } catch {
          params = {};
        }
        const method = (req.url ?? '').replace(/^\/api\//, '');
        const key = req.headers['idempotency-key'];
        this.calls.push({ method, params, output: form.get('output'), idempotencyKey: typeof key === 'string' ? key : undefined });
        const failure = this.failures.shift();
        if (failure) {
          res.writeHead(failure.status, { 'content-type': 'application/json' });
          res.end(failure.body);
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(this.answer(method, params, req.headers['content-type'] ?? '')));
      });
    }, port);
    return this.server.url('');
  }

  close(): Promise<void> {
    return this.server?.close() ?? Promise.resolve();
  }

  private answer(method: string, params: Record<string, unknown>, contentType: string): unknown {
    const error = (code: string, info: string) => ({ result: null, error_code: code, error_info: info });
    if (!contentType.startsWith('application/x-www-form-urlencoded')) return error('ERR-CONDUIT-CORE', 'Expected form-encoded parameters.');
    const token = (params.__conduit__ as { token?: unknown } | undefined)?.token;
    if (token !== this.token) return error('ERR-INVALID-AUTH', `API token "${String(token)}" has the wrong format or is not valid.`);
    if (method === 'user.whoami') return { result: { phid: 'PHID-USER-bot', userName: 'api-health-bot' }, error_code: null, error_info: null };
    if (method !== 'maniphest.edit') return error('ERR-CONDUIT-CALL', `Conduit method "${method}" does not exist.`);
    const transactions = (params.transactions ?? []) as { type: string; value: unknown }[];
    let task: StandInTask | undefined;
    if (params.objectIdentifier !== undefined) {
      task = this.tasks.find((t) => t.phid === params.objectIdentifier || `T${t.id}` === params.objectIdentifier || t.id === params.objectIdentifier);
      if (!task) return error('ERR-CONDUIT-CORE', `No object exists with ID "${String(params.objectIdentifier)}".`);
    } else {
      const title = transactions.find((t) => t.type === 'title')?.value;
      if (typeof title !== 'string' || title === '') return error('ERR-CONDUIT-CORE', 'Validation errors:\n  - Tasks must have a title.');
      task = { id: 100 + this.tasks.length + 1, phid: `PHID-TASK-${this.tasks.length + 1}`, title, description: '', priority: 'triage', status: 'open', projects: [], comments: [] };
    }
    for (const t of transactions) {
      if (t.type === 'priority' && !PRIORITIES.has(String(t.value))) return error('ERR-CONDUIT-CORE', `Validation errors:\n  - Priority "${String(t.value)}" is not a valid priority.`);
    }
    if (!this.tasks.includes(task)) this.tasks.push(task);
    for (const t of transactions) {
      if (t.type === 'title') task.title = String(t.value);
      else if (t.type === 'description') task.description = String(t.value);
      else if (t.type === 'priority') task.priority = String(t.value);
      else if (t.type === 'status') task.status = t.value === 'resolved' ? 'resolved' : 'open';
      else if (t.type === 'projects.add') task.projects.push(...(t.value as string[]));
      else if (t.type === 'comment') task.comments.push(String(t.value));
    }
    return { result: { object: { id: task.id, phid: task.phid }, transactions: transactions.map((_, i) => ({ phid: `PHID-XACT-TASK-${task.id}-${i}` })) }, error_code: null, error_info: null };
  }
}
