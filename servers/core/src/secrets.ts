import { createHash, randomBytes, randomInt } from 'node:crypto';

/** 256-bit opaque bearer token, URL-safe. Only its hash is ever stored. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Tokens have 256 bits of entropy, so a fast unsalted hash is enough to make a stolen store
 *  useless; verification codes are hashed together with what they are bound to. */
export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('base64url');
}

/** Six decimal digits from a CSPRNG, zero-padded. */
export function newCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

/** Random id for sessions and similar, 128 bits. */
export function newId(): string {
  return randomBytes(16).toString('base64url');
}
