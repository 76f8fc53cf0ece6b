// What the page says when KICKED ended the session (PROTOCOL.md §9.2), in the user's words, and
// whether to offer "Not you? Log out everywhere". Pure, so the wording is unit-tested.
import type { KickedPush } from '@parley/proto';
import { separatorTime } from './format';

export interface KickNotice {
  /** One sentence: what ended this session. */
  text: string;
  /** Someone's action elsewhere ended it (a login as this device, a revoke from another
   *  device): offer to log out everywhere and change the password. */
  notYou: boolean;
}

/** The notice for a KICKED body; `time` formats its `at` (default: "14:02" today, else
 *  "Yesterday 14:02" and so on, local time). */
export function kickNotice(
  k: KickedPush,
  time: (ms: number) => string = (ms) => separatorTime(ms),
): KickNotice {
  switch (k.reason) {
    case 'replaced': {
      const where = k.by?.deviceName || 'another device';
      const ip = k.by?.ip ? ` (${k.by.ip})` : '';
      return { text: `Logged in on ${where}${ip} at ${time(k.at)}`, notYou: true };
    }
    case 'revoked':
      return { text: 'Logged out from another device', notYou: true };
    case 'device_limit':
      return { text: 'Too many devices: this one, idle longest, was logged out', notYou: false };
    case 'password_reset':
      return { text: 'Your password was changed', notYou: false };
    default:
      // A v1 server's free text, or a reason newer than this client (§9.2: accept others).
      return { text: 'You were logged out: your account logged in elsewhere.', notYou: false };
  }
}
