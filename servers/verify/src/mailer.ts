// Where verification mail goes: a real SMTP server when SMTP_URL is set (nodemailer), otherwise
// the console plus an in-memory outbox that the web app lists at /dev/mailbox in development
// (PROTOCOL.md §8), so a newcomer can register with no mail server.
import nodemailer from 'nodemailer';
import type { Logger } from '@parley/core';

export interface Mail {
  to: string;
  subject: string;
  text: string;
  at: number;
}

export interface Mailer {
  send(mail: Omit<Mail, 'at'>): Promise<void>;
  /** Newest first; empty for a real SMTP mailer. */
  outbox(limit: number): Mail[];
  close(): void;
}

const OUTBOX_CAPACITY = 200;

export function createSmtpMailer(smtpUrl: string, from: string): Mailer {
  const transport = nodemailer.createTransport(smtpUrl);
  return {
    async send(mail) {
      await transport.sendMail({ from, to: mail.to, subject: mail.subject, text: mail.text });
    },
    outbox: () => [],
    close: () => transport.close(),
  };
}

export function createOutboxMailer(logger: Logger): Mailer {
  const mails: Mail[] = [];
  return {
    send(mail) {
      mails.push({ ...mail, at: Date.now() });
      if (mails.length > OUTBOX_CAPACITY) mails.shift();
      // Development only (no SMTP_URL): the console is the mail server, so the text is shown.
      logger.info({ to: mail.to, subject: mail.subject }, `dev mail: ${mail.text}`);
      return Promise.resolve();
    },
    outbox: (limit) => mails.slice(-limit).reverse(),
    close: () => undefined,
  };
}
