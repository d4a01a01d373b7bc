import { createServer, type AddressInfo, type Socket } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../helpers/manual-clock.js';
import { measured } from '../../helpers/measured.js';
import { SmtpReceiver } from '../../helpers/smtp-receiver.js';
import { waitFor } from '../../helpers/wait-for.js';
import { createChannel } from '../../../source/notify/channels/registry.js';
import { configSecrets } from '../../../source/notify/config-secrets.js';
import { createRedactor } from '../../../source/text/redact.js';
import { config, event, message, T0 } from '../helpers.js';

interface Mail {
  from: string;
  to: string[];
  raw: string;
  user: string | undefined;
}

async function smtpServer(options: { rejectWith?: string } = {}): Promise<{ port: number; mails: Mail[]; close(): Promise<void> }> {
  const mails: Mail[] = [];
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authOptional: true,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === 'api-health' && auth.password === 'smtp-s3cret') callback(null, { user: auth.username });
      else callback(Object.assign(new Error(`authentication failed for password ${auth.password}`), { responseCode: 535 }));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (options.rejectWith) {
          const error = Object.assign(new Error(options.rejectWith), { responseCode: 550 });
          callback(error);
          return;
        }
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
          user: session.user as string | undefined,
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { port, mails, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** Just enough MIME for the mails nodemailer writes: unfolded headers, one multipart level, QP/base64 parts. */
function parseMime(raw: string): { subject: string; text: string; html: string } {
  const split = (part: string): [Record<string, string>, string] => {
    const at = part.indexOf('\r\n\r\n');
    const head = part.slice(0, at).replace(/\r\n[ \t]+/g, ' ');
    const headers = Object.fromEntries(head.split('\r\n').map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
    return [headers, part.slice(at + 4)];
  };
  const decode = (headers: Record<string, string>, body: string): string => {
    const encoding = headers['content-transfer-encoding'] ?? '7bit';
    if (encoding === 'base64') return Buffer.from(body, 'base64').toString('utf8');
    if (encoding === 'quoted-printable') {
      const bytes = body.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
      return Buffer.from(bytes, 'latin1').toString('utf8');
    }
    return body;
  };
  const [headers, body] = split(raw);
  const boundary = /boundary="?([^";]+)"?/.exec(headers['content-type'] ?? '')![1]!;
  const parts = body.split(`--${boundary}`).slice(1, -1).map((p) => split(p.replace(/^\r\n/, '')));
  const find = (type: string) => {
    const [h, b] = parts.find(([ph]) => (ph['content-type'] ?? '').startsWith(type))!;
    return decode(h, b.replace(/\r\n$/, '')).replace(/\r\n/g, '\n');
  };
  return { subject: headers.subject ?? '', text: find('text/plain'), html: find('text/html') };
}

describe('email channel', () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await close?.();
    close = undefined;
  });

  it('sends a plain-text and HTML mail over SMTP whose subject starts with [SEVERITY] API name', async () => {
    const smtp = await smtpServer();
    close = smtp.close;
    const cfg = config(
      `channels:\n  mwi-mail: { type: email, to: [mwi@example.org], from: api-health@example.org, smtp: { host: 127.0.0.1, port: ${smtp.port}, secure: false, user: api-health, pass: "\${SMTP_PASS}" } }\n`,
      { SMTP_PASS: 'smtp-s3cret' },
    );
    const result = await createChannel(cfg.channels['mwi-mail']!, { clock: new ManualClock(T0) }).send(message(cfg, 'mwi-mail', [event('firing')]));
    expect(result).toMatchObject({ ok: true, retryable: false, status: 250 });
    expect(smtp.mails).toHaveLength(1);
    const mail = smtp.mails[0]!;
    expect(mail).toMatchObject({ from: 'api-health@example.org', to: ['mwi@example.org'], user: 'api-health' });
    const parsed = parseMime(mail.raw);
    expect(parsed.subject).toBe('[CRITICAL] Search API: High5xx firing');
    expect(parsed.text).toBe(
      [
        '[CRITICAL] Search API: High5xx firing',
        '',
        'High5xx firing',
        '  5xx rate 4.1% above 2%',
        '  Severity: CRITICAL',
        '  API:      Search API',
        '  Team:     MediaWiki Interfaces',
        '  Value:    5xx rate 4.1% above 2%',
        '  SLA:      triage due in 15m',
        '  URL:      https://grafana.example.org/d/search',
        '  Runbook:  https://wikitech.example.org/Search',
        '',
        '-- ',
        'api-health',
        '',
      ].join('\n'),
    );
    expect(parsed.html).toContain('<h2>[CRITICAL] Search API: High5xx firing</h2>');
    expect(parsed.html).toContain('<a href="https://grafana.example.org/d/search">');
    expect(parsed.html).toContain('<td>5xx rate 4.1% above 2%</td>');
  });

  it('treats a 5xx SMTP reply as final and keeps the server\'s words', async () => {
    const smtp = await smtpServer({ rejectWith: 'mailbox unavailable' });
    close = smtp.close;
    const cfg = config(`channels:\n  m: { type: email, to: [a@example.org], from: b@example.org, smtp: { host: 127.0.0.1, port: ${smtp.port}, secure: false } }\n`);
    const result = await createChannel(cfg.channels.m!, { clock: new ManualClock(T0) }).send(message(cfg, 'm', [event('firing')]));
    expect(result).toMatchObject({ ok: false, retryable: false, status: 550 });
    expect(result.reason).toContain('mailbox unavailable');
  });

  it('keeps the SMTP password out of what leaves the library, even when the server repeats it', async () => {
    const smtp = await smtpServer();
    close = smtp.close;
    const cfg = config(
      `channels:\n  m: { type: email, to: [a@example.org], from: b@example.org, smtp: { host: 127.0.0.1, port: ${smtp.port}, secure: false, user: api-health, pass: "\${SMTP_PASS}" } }\n`,
      { SMTP_PASS: 'wrong-s3cret' },
    );
    const result = await createChannel(cfg.channels.m!, { clock: new ManualClock(T0) }).send(message(cfg, 'm', [event('firing')]));
    expect(result).toMatchObject({ ok: false, retryable: false, status: 535 });
    expect(result.reason).toContain('wrong-s3cret');
    const redacted = createRedactor(configSecrets(cfg))(result.reason);
    expect(redacted).not.toContain('wrong-s3cret');
    expect(redacted).toContain('[redacted]');
  });
});

describe('email channel and its recipients', () => {
  let server: SmtpReceiver;
  beforeEach(() => {
    server = new SmtpReceiver();
  });
  afterEach(() => server.close());

  async function channelTo(to: string[]) {
    const port = await server.listen();
    const cfg = config(`channels:\n  m: { type: email, to: ${JSON.stringify(to)}, from: b@example.org, smtp: { host: 127.0.0.1, port: ${port}, secure: false } }\n`);
    return { channel: createChannel(cfg.channels.m!, { clock: new ManualClock(T0) }), firing: message(cfg, 'm', [event('firing')]) };
  }

  it('fails, naming the address and the server\'s words, when one recipient is refused for good', async () => {
    server.refuseRecipient('oncall@example.org', { code: 550, message: '5.1.1 user unknown' });
    const { channel, firing } = await channelTo(['team@example.org', 'oncall@example.org']);
    const result = await channel.send(firing);
    expect(result).toMatchObject({ ok: false, retryable: false, status: 550 });
    expect(result.reason).toBe('SMTP refused the mail for oncall@example.org (550 5.1.1 user unknown); the other recipients have it');
    expect(server.mails.map((m) => m.to)).toEqual([['team@example.org']]);
  });

  it('retries a deferred recipient alone: the one that took the mail does not get it twice', async () => {
    server.refuseRecipient('oncall@example.org', { code: 450, message: '4.2.0 greylisted, try again later' }, 1);
    const { channel, firing } = await channelTo(['team@example.org', 'oncall@example.org']);
    const first = await channel.send(firing);
    expect(first).toMatchObject({ ok: false, retryable: true });
    expect(first.reason).toBe('SMTP deferred the mail for oncall@example.org (450 4.2.0 greylisted, try again later); the other recipients have it; the retry goes to them alone');
    const retry = await channel.send(firing);
    expect(retry).toMatchObject({ ok: true, status: 250 });
    expect(server.mails.map((m) => m.to)).toEqual([['team@example.org'], ['oncall@example.org']]);
    expect(new Set(server.mails.map((m) => /^Message-ID: (.*)$/im.exec(m.raw)?.[1])).size).toBe(1);
  });

  it('retries a message every recipient deferred, to all of them', async () => {
    server.refuseRecipient('team@example.org', { code: 451, message: '4.3.0 try later' }, 1);
    const { channel, firing } = await channelTo(['team@example.org']);
    const first = await channel.send(firing);
    expect(first).toMatchObject({ ok: false, retryable: true });
    expect(first.reason).toBe('SMTP deferred the mail for team@example.org (451 4.3.0 try later); the retry goes to them alone');
    expect(await channel.send(firing)).toMatchObject({ ok: true });
    expect(server.mails.map((m) => m.to)).toEqual([['team@example.org']]);
  });
});

describe('email channel against a server that answers the mail its own way', () => {
  /** Greets and takes the envelope and the mail like any server, then lets `answer` reply to the mail's end. */
  async function rawServer(answer: (socket: Socket) => void): Promise<{ port: number; open: () => number; close: () => Promise<void> }> {
    const sockets = new Set<Socket>();
    const server = createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => {});
      socket.write('220 raw ESMTP\r\n');
      let data = false;
      let buffered = '';
      socket.on('data', (chunk: Buffer) => {
        buffered += chunk.toString('latin1');
        for (let end = buffered.indexOf('\r\n'); end >= 0; end = buffered.indexOf('\r\n')) {
          const line = buffered.slice(0, end);
          buffered = buffered.slice(end + 2);
          if (data) {
            if (line === '.') answer(socket);
            continue;
          }
          const verb = line.slice(0, 4).toUpperCase();
          if (verb === 'EHLO') socket.write('250-raw\r\n250 8BITMIME\r\n');
          else if (verb === 'DATA') {
            data = true;
            socket.write('354 go on\r\n');
          } else socket.write('250 ok\r\n');
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return {
      port: (server.address() as AddressInfo).port,
      open: () => sockets.size,
      close: () => {
        for (const socket of sockets) socket.destroy();
        return new Promise((resolve) => server.close(() => resolve()));
      },
    };
  }

  function channelOn(port: number) {
    const cfg = config(`channels:\n  m: { type: email, to: [a@example.org], from: b@example.org, timeout: 1s, smtp: { host: 127.0.0.1, port: ${port}, secure: false } }\n`);
    return { channel: createChannel(cfg.channels.m!, { clock: new ManualClock(T0) }), firing: message(cfg, 'm', [event('firing')]) };
  }

  it('keeps the server\'s words one printable line: no escape sequence reaches a record or a terminal', async () => {
    const server = await rawServer((socket) => socket.write('554 5.7.1 \u001b]0;pwned\u0007\u001b[2Jrejected \u009b31mhere\r\n'));
    try {
      const { channel, firing } = channelOn(server.port);
      const result = await channel.send(firing);
      expect(result).toMatchObject({ ok: false, retryable: false, status: 554 });
      expect(result.reason).toMatch(/^SMTP EMESSAGE 554 5\.7\.1 .*rejected.*here$/);
      expect(result.reason).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
    } finally {
      await server.close();
    }
  });

  it('ends the attempt at the channel\'s timeout and hangs up on a reply that trickles on forever', async () => {
    const server = await rawServer((socket) => {
      const timer = setInterval(() => socket.write('250-still thinking\r\n'), 200);
      socket.on('close', () => clearInterval(timer));
    });
    try {
      const { channel, firing } = channelOn(server.port);
      const { result, ms } = await measured(() => channel.send(firing));
      expect(result).toEqual({ ok: false, retryable: true, reason: "SMTP: no answer within 1s (the channel's timeout)" });
      // The server keeps trickling every 200 ms, each line resetting an idle timeout: only a deadline ends it.
      expect(ms).toBeLessThan(10_000);
      await waitFor(() => server.open() === 0);
    } finally {
      await server.close();
    }
  });
});
