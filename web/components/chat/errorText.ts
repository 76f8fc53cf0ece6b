import { describeFailure } from '@/lib/errors';
import { ChatError, ClientError } from '@/lib/chat/requests';

/** One line for a failed chat request. */
export function errorText(err: unknown): string {
  if (err instanceof ChatError) {
    if (err.code === ClientError.DISCONNECTED) return 'Not connected. Try again when back online.';
    if (err.code === ClientError.TIMEOUT) return 'The server did not answer in time. Try again.';
    const { title, detail } = describeFailure({ status: 0, error: err.code, message: err.message });
    return detail ? `${title} (${detail})` : title;
  }
  return err instanceof Error ? err.message : String(err);
}
