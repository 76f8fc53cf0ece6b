// The CLI's own failures (a usage slip, no chat open) next to the server's: both become one
// "! …" line; server failures keep their §6 name and code so they can be looked up.
import { ParleyError } from '@parley/proto';
import { errorLine } from './format';

/** A mistake on this side; shown as `! <message>`, never sent anywhere. */
export class CliError extends Error {
  override readonly name = 'CliError';
}

export function describeError(err: unknown): string {
  if (err instanceof ParleyError) return errorLine(err.code, err.message);
  return `! ${err instanceof Error ? err.message : String(err)}`;
}
