import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface SmtpReply {
  /** 250 accepts the mail; any other code refuses it at DATA with that code. */
  code: number;
  message?: string;
  /** Refuse with everything the client sent (login and mail), as a careless server's error would. */
  echo?: boolean;
}

export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
  user: string | undefined;
  password: string | undefined;
}

/** A real SMTP server on loopback that records every mail and answers as scripted (default 250). */
export class SmtpReceiver {
  readonly mails: ReceivedMail[] = [];
  private readonly replies: SmtpReply[] = [];
  private readonly refusals = new Map<string, { reply: SmtpReply; times: number }>();
  private server: SMTPServer | undefined;

  script(...replies: SmtpReply[]): this {
    this.replies.push(...replies);
    return this;
  }

  /** Turns `address` down at RCPT TO with this reply, the next `times` times it is named. */
  refuseRecipient(address: string, reply: SmtpReply, times = Number.POSITIVE_INFINITY): this {
    this.refusals.set(address, { reply, times });
    return this;
  }

  async listen(): Promise<number> {
    const passwords = new Map<string, string>();
    const server = new SMTPServer({
      disabledCommands: ['STARTTLS'],
      allowInsecureAuth: true,
      authOptional: true,
      logger: false,
      onAuth(auth, session, callback) {
        passwords.set(session.id, auth.password ?? '');
        callback(null, { user: auth.username });
      },
      onRcptTo: ({ address }, _session, callback) => {
        const refusal = this.refusals.get(address);
        if (refusal === undefined || refusal.times <= 0) return callback();
        refusal.times--;
        callback(Object.assign(new Error(refusal.reply.message ?? 'refused'), { responseCode: refusal.reply.code }));
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const mail: ReceivedMail = {
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            raw: Buffer.concat(chunks).toString('utf8'),
            user: session.user as string | undefined,
            password: passwords.get(session.id),
          };
          this.mails.push(mail);
          const reply = this.replies.shift() ?? { code: 250 };
          if (reply.code === 250) return callback();
          const words = reply.echo ? `rejected ${mail.user} ${mail.password} ${mail.raw.replace(/\r?\n/g, ' ')}` : (reply.message ?? 'refused');
          callback(Object.assign(new Error(words), { responseCode: reply.code }));
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.server = server;
    return this.port();
  }

  port(): number {
    return (this.server!.server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
