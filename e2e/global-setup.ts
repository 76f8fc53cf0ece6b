// Before the tests (after `npm start` is up): the SMTP sink that VerifyServer mails codes to.
// The port and file were chosen in playwright.config.ts and passed to the servers as SMTP_URL.
import { startMailSink } from './helpers/mail-sink';

export default async function globalSetup(): Promise<() => Promise<void>> {
  const port = Number(process.env['PARLEY_E2E_SMTP_PORT']);
  const file = process.env['PARLEY_E2E_MAIL_FILE'] ?? '';
  if (!port || !file) throw new Error('PARLEY_E2E_SMTP_PORT / PARLEY_E2E_MAIL_FILE not set');
  const sink = await startMailSink(port, file);
  return () => sink.close();
}
