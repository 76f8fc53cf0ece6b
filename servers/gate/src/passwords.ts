import argon2 from 'argon2';

/** argon2id at the OWASP floor (m = 19 MiB, t = 2, p = 1). */
const PARAMS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const hashPassword = (password: string): Promise<string> => argon2.hash(password, PARAMS);

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

let dummy: Promise<string> | undefined;
/** Spend the same time on an unknown account as on a wrong password, so login timing does not
 *  tell which accounts exist. */
export async function burnPasswordCheck(password: string): Promise<void> {
  dummy ??= hashPassword('parley-timing-equaliser');
  await verifyPassword(await dummy, password);
}
