import type { MessageKind } from '../../core/delivery-record.js';
import { UNASSIGNED } from '../../core/labels.js';
import { phabricatorSchema } from '../../channel-schemas/phabricator.js';
import type { ChannelOf } from '../../channel-schemas/schemas.js';
import { eventPhrase, itemLine, severityLabel, valueVsThreshold } from '../describe.js';
import { idempotencyHeaders, post, reasonText, type Answered } from '../http.js';
import type { DeliveryResult, Message, MessageItem } from '../message.js';
import type { ChannelDefinition } from './definition.js';
import { alarmLine, TaskFinder, type SearchParams } from './phabricator-search.js';
import { TaskStore, type TaskRecord } from './phabricator-tasks.js';

type PhabricatorConfig = ChannelOf<'phabricator'>;

/** A Conduit transaction, as maniphest.edit takes them. */
export interface Transaction {
  type: string;
  value: unknown;
}

/** One Conduit call, without the token (added when it is sent, so no payload shown anywhere carries it). */
export type ConduitCall =
  | { method: 'maniphest.edit' | 'user.whoami'; params: { objectIdentifier?: string; transactions?: Transaction[] } }
  | { method: 'maniphest.search'; params: SearchParams };

/** Maniphest caps titles at 255 characters. */
const MAX_TITLE = 255;

/**
 * Conduit answers errors with HTTP 200 and an error_code. These say the request itself is wrong (token,
 * method, parameters), so sending it again cannot help; any other code (an overloaded install) is retried.
 */
const FINAL_ERRORS = new Set(['ERR-INVALID-AUTH', 'ERR-INVALID-SESSION', 'ERR-CONDUIT-CALL', 'ERR-CONDUIT-CORE']);

function taskTitle(item: MessageItem): string {
  return `[${severityLabel(item.alarm.severity)}] ${item.apiName}: ${item.alarm.rule} — ${item.alarm.summary}`.slice(0, MAX_TITLE);
}

/** Remarkup: what the alarm is, whose it is, and where to go next. */
function details(item: MessageItem): string {
  const lines = [
    `**${item.alarm.rule}** ${eventPhrase(item)}: ${valueVsThreshold(item)}`,
    '',
    `- API: ${item.apiName} (\`${item.alarm.apiId}\`)`,
    `- Team: ${item.teamName ?? item.alarm.team ?? UNASSIGNED.name}`,
    `- Severity: ${severityLabel(item.alarm.severity)}`,
  ];
  if (item.sla) lines.push(`- SLA: ${item.sla}`);
  if (item.runbook) lines.push(`- Runbook: ${item.runbook}`);
  if (item.dashboard) lines.push(`- Dashboard: ${item.dashboard}`);
  else if (item.url) lines.push(`- Link: ${item.url}`);
  lines.push('', alarmLine(item.alarm.id));
  return lines.join('\n');
}

function comment(item: MessageItem): string {
  const sla = item.sla ? `\n\nSLA: ${item.sla}` : '';
  return `${itemLine(item)}${sla}`;
}

const REOPENING: ReadonlySet<MessageKind> = new Set(['firing', 'escalated', 'reminder', 'unacknowledged']);

/** The maniphest.edit for one event: a new task for an alarm with none, else a comment on its task (closing or reopening it as configured). */
export function conduitCall(item: MessageItem, config: PhabricatorConfig, task: Pick<TaskRecord, 'phid'> | undefined): ConduitCall {
  if (item.kind === 'test') return { method: 'user.whoami', params: {} };
  if (!task) {
    const transactions: Transaction[] = [
      { type: 'title', value: taskTitle(item) },
      { type: 'description', value: details(item) },
      { type: 'priority', value: config.priority[item.alarm.severity] },
    ];
    if (config.projects.length > 0) transactions.push({ type: 'projects.add', value: config.projects });
    if (item.kind === 'resolved') transactions.push({ type: 'comment', value: comment(item) });
    return { method: 'maniphest.edit', params: { transactions } };
  }
  const transactions: Transaction[] = [{ type: 'comment', value: comment(item) }];
  if (item.kind === 'resolved' && config.closeOnResolve) transactions.push({ type: 'status', value: 'resolved' });
  if (REOPENING.has(item.kind) && config.closeOnResolve) transactions.push({ type: 'status', value: 'open' });
  return { method: 'maniphest.edit', params: { objectIdentifier: task.phid, transactions } };
}

/** What a message asks of Conduit, for an alarm with no task yet: `notify test --dry-run` and the docs show this. */
export function phabricatorCalls(message: Message, config: PhabricatorConfig): ConduitCall[] {
  return message.items.map((item) => conduitCall(item, config, undefined));
}

/** Conduit's form encoding: the parameters as one JSON `params` field, the token inside it, and `output=json`. */
export function conduitForm(call: ConduitCall, token: string): string {
  return new URLSearchParams({ params: JSON.stringify({ ...call.params, __conduit__: { token } }), output: 'json', __conduit__: '1' }).toString();
}

function endpoint(config: PhabricatorConfig, method: string): string {
  return `${config.url.replace(/\/+$/, '')}/api/${method}`;
}

/** Conduit's envelope: `result` on success, `error_code` and `error_info` otherwise, both with HTTP 200. */
export function conduitOutcome({ result, answer }: Answered): { result: DeliveryResult; value?: unknown } {
  if (!result.ok) return { result };
  const envelope = parseObject(answer);
  if (envelope === undefined) {
    return { result: { ok: false, retryable: true, status: result.status, reason: `HTTP ${result.status}: not a Conduit answer: ${reasonText(answer).slice(0, 200) || 'empty body'}` } };
  }
  if (typeof envelope.error_code === 'string') {
    const info = typeof envelope.error_info === 'string' ? `: ${reasonText(envelope.error_info)}` : '';
    return { result: { ok: false, retryable: !FINAL_ERRORS.has(envelope.error_code), status: result.status, reason: `Conduit ${reasonText(envelope.error_code)}${info}` } };
  }
  return { result, value: envelope.result };
}

/** The answer as a JSON object, or undefined for anything else (not JSON, `null`, a list, a number). */
function parseObject(answer: string): { result?: unknown; error_code?: unknown; error_info?: unknown } | undefined {
  try {
    const parsed: unknown = JSON.parse(answer);
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function taskOf(value: unknown): { id: number; phid: string } | undefined {
  const object = (value as { object?: { id?: unknown; phid?: unknown } } | undefined)?.object;
  return typeof object?.id === 'number' && typeof object.phid === 'string' ? { id: object.id, phid: object.phid } : undefined;
}

export const phabricator: ChannelDefinition<'phabricator'> = {
  type: 'phabricator',
  schema: phabricatorSchema,
  label: 'Phabricator',
  destination: (config) => `a Maniphest task per alarm on ${config.url}${config.projects.length > 0 ? ` (tags ${config.projects.join(', ')})` : ''} (Conduit; token not shown)`,
  waitsForReceiver: true,
  minIntervalMs: 0,
  docs: 'one Maniphest task per alarm (Conduit maniphest.edit), with the priority of its severity and the channel\'s project tags; the task is remembered in the state directory, so a re-fire, an acknowledgement or a resolve comments on it (after a restart too), and with closeOnResolve a resolve closes it and a re-fire reopens it. An attempt to open a task is marked before it is sent: if its answer is lost (a timeout, a kill -9), the next attempt finds the task with maniphest.search instead of opening a second one. notify test checks the token (user.whoami) without opening a task.',
  secrets: (config) => [config.token],
  payload: (message, config) => phabricatorCalls(message, config),
  create: (config, deps) => {
    const tasks = new TaskStore(deps.stateDir, () => deps.clock.now());
    /** `requestKey` names a call that changes something; a lookup carries none, so no proxy mistakes it for a retry of one. */
    const conduit = async (call: ConduitCall, requestKey?: string) =>
      conduitOutcome(
        await post(
          endpoint(config, call.method),
          { contentType: 'application/x-www-form-urlencoded', text: conduitForm(call, config.token) },
          {
            dispatcher: deps.dispatcher,
            ...(requestKey === undefined ? {} : { identity: idempotencyHeaders(requestKey) }),
            timeoutMs: config.timeout,
            now: () => deps.clock.now(),
          },
        ),
      );
    const finder = new TaskFinder((call) => conduit(call));
    return {
      async send(message) {
        const result = await deliver(message);
        const problem = tasks.takeProblem();
        return problem === undefined ? result : { ...result, reason: `${result.reason}; ${problem}` };
      },
    };

    async function deliver(message: Message): Promise<DeliveryResult> {
      let last: DeliveryResult = { ok: true, retryable: false, reason: 'nothing to send' };
      for (const [index, item] of message.items.entries()) {
        const requestKey = `${message.id}/${index}`;
        const alarmKey = `${config.url}|${item.alarm.id}`;
        let known = tasks.get(alarmKey);
        // A retry of a message whose first items reached their tasks before a later one failed: not again.
        if (known?.applied.includes(requestKey)) continue;
        if (!known && item.kind !== 'test') {
          const mark = tasks.opening(alarmKey);
          if (mark) {
            const recovered = await finder.find(item.alarm.id, mark.since);
            if ('failed' in recovered) return recovered.failed;
            if (recovered.task) {
              tasks.applied(alarmKey, recovered.task, ...mark.requestKeys);
              if (mark.requestKeys.includes(requestKey)) {
                last = { ok: true, retryable: false, reason: `T${recovered.task.id}, opened by an earlier attempt whose answer was lost` };
                continue;
              }
              known = tasks.get(alarmKey);
            }
          }
          try {
            if (!known) tasks.markOpening(alarmKey, requestKey);
          } catch {
            // The mark only saves a duplicate task after a lost answer: an alarm reaching its team twice beats one held back.
          }
        }
        const call = conduitCall(item, config, known);
        const { result, value } = await conduit(call, requestKey);
        if (!result.ok) return result;
        if (call.method === 'user.whoami') {
          last = { ...result, reason: 'Conduit accepted the token (no task opened for a test)' };
          continue;
        }
        const task = taskOf(value) ?? (known ? { id: known.id, phid: known.phid } : undefined);
        if (!task) return { ok: false, retryable: false, status: result.status, reason: 'Conduit answered maniphest.edit without the task it edited' };
        try {
          tasks.applied(alarmKey, task, requestKey);
        } catch (error) {
          return { ok: true, retryable: false, status: result.status, reason: `T${task.id}; could not remember it, so a re-fire opens another task: ${(error as Error).message}` };
        }
        last = { ...result, reason: `${known ? 'commented on' : 'opened'} T${task.id}` };
      }
      return last;
    }
  },
  alertmanager: {
    unsupported: 'Alertmanager has no Phabricator receiver (Wikimedia runs phalerts, a webhook relay, for it)',
  },
};
