// A real SMTP server on 127.0.0.1:0 (the smtp-server package) that records every mail it
// receives. Extend it by adding fields to `Received` (it keeps the raw message).
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';

export interface ReceivedMail {
  to: string[];
  raw: string;
  /** The decoded-enough body: everything after the headers, soft line breaks undone. */
  body: string;
}

export interface SmtpSink {
  url: string;
  mails: ReceivedMail[];
  /** Wait for the next mail to `to` (case-insensitive) that arrives after `since` mails. */
  waitFor(to: string, timeoutMs?: number): Promise<ReceivedMail>;
  /** The 6-digit code in the newest mail to `to` (PROTOCOL.md §7: the only 6-digit number). */
  codeFor(to: string, timeoutMs?: number): Promise<string>;
  close(): Promise<void>;
}

export async function startSmtpSink(): Promise<SmtpSink> {
  const mails: ReceivedMail[] = [];
  const listeners = new Set<() => void>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, done) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const sep = raw.indexOf('\r\n\r\n');
        const body = (sep >= 0 ? raw.slice(sep + 4) : raw).replace(/=\r\n/g, '');
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()), raw, body });
        for (const l of listeners) l();
        done();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;

  const findLast = (to: string) =>
    [...mails].reverse().find((m) => m.to.includes(to.toLowerCase()));

  const sink: SmtpSink = {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    waitFor(to, timeoutMs = 5_000) {
      const seen = mails.filter((m) => m.to.includes(to.toLowerCase())).length;
      return new Promise((resolve, reject) => {
        const check = () => {
          const all = mails.filter((m) => m.to.includes(to.toLowerCase()));
          if (all.length > seen) {
            listeners.delete(check);
            clearTimeout(t);
            resolve(all[all.length - 1]!);
          }
        };
        const t = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`no mail to ${to} within ${timeoutMs} ms`));
        }, timeoutMs);
        listeners.add(check);
      });
    },
    async codeFor(to, timeoutMs) {
      const mail = findLast(to) ?? (await sink.waitFor(to, timeoutMs));
      const codes = mail.body.match(/\b\d{6}\b/g) ?? [];
      if (codes.length !== 1)
        throw new Error(`expected exactly one 6-digit code, got ${codes.length}`);
      return codes[0];
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  return sink;
}
