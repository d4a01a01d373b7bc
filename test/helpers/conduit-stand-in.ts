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
  authorPHID: string;
  /** Epoch seconds, as Conduit gives them. */
  dateCreated: number;
}

export interface ConduitCallSeen {
  method: string;
  params: Record<string, unknown>;
  output: string | null;
  idempotencyKey: string | undefined;
}

/** Phabricator's default priority keywords (maniphest.priorities). */
const PRIORITIES = new Set(['unbreak', 'triage', 'high', 'normal', 'low', 'wish']);
/** The user every valid token acts as. */
export const BOT_PHID = 'PHID-USER-bot';

/**
 * Phabricator cannot run here: a loopback stand-in for the Conduit methods the channel calls (user.whoami,
 * maniphest.edit, maniphest.search), with Conduit's documented shapes. Requests are form-encoded (`params` as
 * JSON with the token in `__conduit__.token`, `output=json`); answers are HTTP 200 `{result, error_code,
 * error_info}`, errors included (ERR-INVALID-AUTH for a wrong token, ERR-CONDUIT-CORE for invalid
 * transactions or a missing task). maniphest.search takes the `authorPHIDs` and `createdStart` constraints,
 * newest first, `limit` per page and the `after` cursor.
 */
export class ConduitStandIn {
  readonly tasks: StandInTask[] = [];
  readonly calls: ConduitCallSeen[] = [];
  private server: LoopbackServer | undefined;
  private failures: { status: number; body: string }[] = [];
  private lostAnswers = 0;
  /** Set while requests are held: each waits, done but unanswered, until the test lets it go. */
  private held: (() => void)[] | undefined;

  constructor(
    private readonly token: string,
    private readonly now: () => number = Date.now,
  ) {}

  /** The next `count` requests are carried out, then their connection is dropped before the answer (a lost answer). */
  loseAnswers(count: number): void {
    this.lostAnswers += count;
  }

  /** From now on each request is carried out and its answer held back, until `release`: a call in flight for as long as a test needs. */
  hold(): void {
    this.held = [];
  }

  /** Sends the held answers and stops holding. */
  release(): void {
    const held = this.held ?? [];
    this.held = undefined;
    for (const answer of held) answer();
  }

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
        const answer = JSON.stringify(this.answer(method, params, req.headers['content-type'] ?? ''));
        if (this.lostAnswers > 0) {
          this.lostAnswers--;
          req.socket.destroy();
          return;
        }
        const send = (): void => {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(answer);
        };
        if (this.held) this.held.push(send);
        else send();
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
    if (method === 'user.whoami') return { result: { phid: BOT_PHID, userName: 'api-health-bot' }, error_code: null, error_info: null };
    if (method === 'maniphest.search') return { result: this.search(params), error_code: null, error_info: null };
    if (method !== 'maniphest.edit') return error('ERR-CONDUIT-CALL', `Conduit method "${method}" does not exist.`);
    const transactions = (params.transactions ?? []) as { type: string; value: unknown }[];
    let task: StandInTask | undefined;
    if (params.objectIdentifier !== undefined) {
      task = this.tasks.find((t) => t.phid === params.objectIdentifier || `T${t.id}` === params.objectIdentifier || t.id === params.objectIdentifier);
      if (!task) return error('ERR-CONDUIT-CORE', `No object exists with ID "${String(params.objectIdentifier)}".`);
    } else {
      const title = transactions.find((t) => t.type === 'title')?.value;
      if (typeof title !== 'string' || title === '') return error('ERR-CONDUIT-CORE', 'Validation errors:\n  - Tasks must have a title.');
      task = {
        id: 100 + this.tasks.length + 1,
        phid: `PHID-TASK-${this.tasks.length + 1}`,
        title,
        description: '',
        priority: 'triage',
        status: 'open',
        projects: [],
        comments: [],
        authorPHID: BOT_PHID,
        dateCreated: Math.floor(this.now() / 1_000),
      };
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

  private search(params: Record<string, unknown>): unknown {
    const constraints = (params.constraints ?? {}) as { authorPHIDs?: string[]; createdStart?: number };
    const limit = typeof params.limit === 'number' ? params.limit : 100;
    const matching = this.tasks
      .filter((t) => constraints.authorPHIDs === undefined || constraints.authorPHIDs.includes(t.authorPHID))
      .filter((t) => constraints.createdStart === undefined || t.dateCreated >= constraints.createdStart)
      .sort((a, b) => b.id - a.id);
    const after = typeof params.after === 'string' ? Number(params.after) : undefined;
    const page = matching.filter((t) => after === undefined || t.id < after).slice(0, limit);
    const more = page.length === limit && matching.some((t) => t.id < page.at(-1)!.id);
    return {
      data: page.map((t) => ({
        id: t.id,
        type: 'TASK',
        phid: t.phid,
        fields: { name: t.title, description: { raw: t.description }, authorPHID: t.authorPHID, status: { value: t.status }, priority: { value: t.priority }, dateCreated: t.dateCreated },
        attachments: {},
      })),
      maps: {},
      query: { queryKey: null },
      cursor: { limit, after: more ? String(page.at(-1)!.id) : null, before: null, order: params.order ?? null },
    };
  }
}
