import type { Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import { eventPhrase, severityLabel, shownItems, title, valueVsThreshold } from '../describe.js';
import type { DeliveryResult, Message, MessageItem } from '../message.js';
import { emailSchema } from '../../channel-schemas/email.js';
import type { ChannelDefinition } from './definition.js';
import { afterAttempt, recipientsResult, type RecipientProgress, type RefusedRecipient } from './email-recipients.js';
import { RecentProgress } from './recent-progress.js';
import { reasonText } from '../http.js';
import { formatDuration } from '../../core/duration.js';
import { anySecret, placeholder } from './receiver-export.js';
import { UNASSIGNED } from '../../core/labels.js';

function details(item: MessageItem): [string, string][] {
  const rows: [string, string][] = [
    ['Severity', severityLabel(item.alarm.severity)],
    ['API', item.apiName],
    ['Team', item.teamName ?? item.alarm.team ?? UNASSIGNED.name],
    ['Value', valueVsThreshold(item)],
  ];
  if (item.sla) rows.push(['SLA', item.sla]);
  if (item.url) rows.push(['URL', item.url]);
  if (item.runbook) rows.push(['Runbook', item.runbook]);
  return rows;
}

export function emailText(message: Message): string {
  const { items, hidden } = shownItems(message);
  const sections = items.map((item) => {
    const heading = `${item.alarm.rule} ${eventPhrase(item)}`;
    const rows = details(item).map(([k, v]) => `  ${`${k}:`.padEnd(10)}${v}`);
    return [heading, `  ${item.alarm.summary}`, ...rows].join('\n');
  });
  if (hidden > 0) sections.push(`…and ${hidden} more`);
  return `${title(message)}\n\n${sections.join('\n\n')}\n\n-- \napi-health\n`;
}

function html(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function emailHtml(message: Message): string {
  const { items, hidden } = shownItems(message);
  const sections = items.map((item) => {
    const rows = details(item)
      .map(([k, v]) => `<tr><th align="left">${html(k)}</th><td>${/^https?:\/\//.test(v) ? `<a href="${html(v)}">${html(v)}</a>` : html(v)}</td></tr>`)
      .join('');
    return `<h3>${html(`${item.alarm.rule} ${eventPhrase(item)}`)}</h3><p>${html(item.alarm.summary)}</p><table>${rows}</table>`;
  });
  if (hidden > 0) sections.push(`<p>…and ${hidden} more</p>`);
  return `<!doctype html><html><body><h2>${html(title(message))}</h2>${sections.join('')}</body></html>`;
}

/** SMTP 4xx is transient and 5xx permanent; no reply code at all means the connection failed. */
export function classifySmtpError(error: unknown): DeliveryResult {
  const e = error as { responseCode?: number; response?: string; message?: string; code?: string };
  // The server's words reach records and `monitor`'s output: one printable line, whatever it sent.
  const reason = `SMTP ${e.code ? `${e.code} ` : ''}${reasonText(e.response ?? e.message ?? String(error))}`;
  if (typeof e.responseCode === 'number') {
    return { ok: false, retryable: e.responseCode < 500, status: e.responseCode, reason };
  }
  return { ok: false, retryable: e.code !== 'EENVELOPE' && e.code !== 'EMESSAGE', reason };
}

function smtpPort(smtp: { port?: number | undefined; secure?: boolean | undefined }): number {
  return smtp.port ?? (smtp.secure ? 465 : 587);
}

/** The same Message-ID on every attempt of one message, so a mail system that got a timed-out attempt can drop the retry. */
export function mailMessageId(messageId: string): string {
  return `<${messageId}@api-health>`;
}

function emailPayload(message: Message): { subject: string; text: string; html: string } {
  return { subject: title(message), text: emailText(message), html: emailHtml(message) };
}

export const email: ChannelDefinition<'email'> = {
  type: 'email',
  schema: emailSchema,
  label: 'e-mail',
  destination: (config) => `to ${config.to.join(', ')}`,
  waitsForReceiver: true,
  minIntervalMs: 0,
  secrets: (config) => (config.smtp.pass ? [config.smtp.pass] : []),
  payload: (message) => emailPayload(message),
  alertmanager: {
    receiver: (config, { id, sendResolved, secrets, variables }) => {
      const { smtp } = config;
      return {
        email_configs: config.to.map((to) => ({
          to,
          from: config.from,
          smarthost: `${smtp.host}:${smtpPort(smtp)}`,
          ...(smtp.user !== undefined ? { auth_username: anySecret(smtp.user, secrets) ? placeholder(id, 'smtp_user', smtp.user, variables) : smtp.user } : {}),
          ...(smtp.pass !== undefined ? { auth_password: placeholder(id, 'smtp_pass', smtp.pass, variables) } : {}),
          send_resolved: sendResolved,
        })),
      };
    },
  },
  create: (config) => {
    const { smtp } = config;
    // nodemailer is most of what a command loads at start; it is needed only once a mail goes out.
    let transport: Promise<Transporter<SMTPTransport.SentMessageInfo>> | undefined;
    const open = async (): Promise<Transporter<SMTPTransport.SentMessageInfo>> => {
      const { createTransport } = await import('nodemailer');
      return createTransport({
        host: smtp.host,
        port: smtpPort(smtp),
        secure: smtp.secure ?? false,
        ...(smtp.user ? { auth: { user: smtp.user, pass: smtp.pass ?? '' } } : {}),
        connectionTimeout: config.timeout,
        greetingTimeout: config.timeout,
        socketTimeout: config.timeout,
      });
    };
    // A message some recipients were deferred for is retried to them alone: the others have it.
    const progress = new RecentProgress<RecipientProgress>();
    const settle = (id: string, sentTo: string[], refused: RefusedRecipient[] | undefined, response: string | undefined): DeliveryResult => {
      const now = afterAttempt(sentTo, refused ?? [], progress.get(id));
      if (now.pending.length > 0) progress.set(id, now);
      else progress.delete(id);
      return recipientsResult(now, response);
    };
    return {
      async send(message) {
        const to = progress.get(message.id)?.pending ?? config.to;
        try {
          transport ??= open();
          // nodemailer's own timeouts are idle timeouts: a server trickling its reply would hold the channel for good.
          const signal = AbortSignal.timeout(config.timeout);
          const info = await (await transport).sendMail({ from: config.from, to, messageId: mailMessageId(message.id), ...emailPayload(message), signal });
          return settle(message.id, to, info.rejectedErrors as RefusedRecipient[] | undefined, info.response);
        } catch (error) {
          const e = error as { code?: string; rejectedErrors?: RefusedRecipient[] };
          if (e.code === 'EENVELOPE' && e.rejectedErrors?.length) return settle(message.id, to, e.rejectedErrors, undefined);
          if (e.code === 'EABORT') return { ok: false, retryable: true, reason: `SMTP: no answer within ${formatDuration(config.timeout)} (the channel's timeout)` };
          return classifySmtpError(error);
        }
      },
    };
  },
};
