// GET /api/dev/mailbox → GateServer GET /dev/mailbox: the development outbox, or 404 when mail
// goes to a real SMTP server (PROTOCOL.md §8). Status and body pass through unchanged.
import { forwardToGate } from '@/lib/gate';

export const dynamic = 'force-dynamic';

export function GET(): Promise<Response> {
  return forwardToGate('/dev/mailbox', { method: 'GET' });
}
