// A real SMTP server for the browser tests (the smtp-server package): VerifyServer sends to it
// through SMTP_URL (PROTOCOL.md §8), and every mail is appended as one JSON line to a file that
// the test workers read (they run in other processes). Extend `StoredMail` for more fields.
import { appendFileSync, writeFileSync } from 'node:fs';
import { SMTPServer } from 'smtp-server';

export interface StoredMail {
  to: string[];
  subject: string;
  /** The text body, transfer encoding undone. */
  text: string;
  at: number;
}

/** Undo quoted-printable (soft line breaks and =XX escapes), as nodemailer writes long lines. */
function decodeQuotedPrintable(s: string): string {
  const bytes: number[] = [];
  const flat = s.replace(/=\r?\n/g, '');
  for (let i = 0; i < flat.length; i++) {
    const c = flat[i]!;
    const hex = flat.slice(i + 1, i + 3);
    if (c === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      for (const b of Buffer.from(c, 'utf8')) bytes.push(b);
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** Just enough MIME for a single-part text mail: unfolded headers, decoded body. */
export function parseMail(raw: string): { subject: string; text: string } {
  const sep = raw.search(/\r?\n\r?\n/);
  const head = (sep >= 0 ? raw.slice(0, sep) : raw).replace(/\r?\n[ \t]+/g, ' ');
  const body = sep >= 0 ? raw.slice(sep).replace(/^\r?\n\r?\n/, '') : '';
  const header = (name: string): string =>
    new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(head)?.[1]?.trim() ?? '';
  const encoding = header('Content-Transfer-Encoding').toLowerCase();
  const text =
    encoding === 'quoted-printable'
      ? decodeQuotedPrintable(body)
      : encoding === 'base64'
        ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
        : body;
  return { subject: header('Subject'), text };
}

export async function startMailSink(
  port: number,
  file: string,
): Promise<{ close: () => Promise<void> }> {
  writeFileSync(file, '');
  const server = new SMTPServer({
    authOptional: true,
    // Plain SMTP on loopback: no TLS upgrade for nodemailer to attempt.
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, done) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const { subject, text } = parseMail(Buffer.concat(chunks).toString('utf8'));
        const mail: StoredMail = {
          to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
          subject,
          text,
          at: Date.now(),
        };
        appendFileSync(file, `${JSON.stringify(mail)}\n`);
        done();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return { close: () => new Promise((resolve) => server.close(() => resolve())) };
}
