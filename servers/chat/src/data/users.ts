// Users as the chat protocol shows them (PROTOCOL.md §2): UserCard only — never email or hash.
import type { Db } from '@parley/db';
import type { UserCard } from '@parley/proto';

export const SEARCH_LIMIT = 20;

interface Row {
  id: number;
  username: string;
  nick: string;
  avatar: string;
  bio: string;
}

const CARD = { id: true, username: true, nick: true, avatar: true, bio: true } as const;
/** Search also reads the email to re-check the prefix; it never leaves this file (§2). */
const SEARCHED = { ...CARD, email: true } as const;

export const toCard = (u: Row): UserCard => ({
  uid: String(u.id),
  username: u.username,
  nick: u.nick,
  avatar: u.avatar,
  bio: u.bio,
});

/** A uid as the database's integer id, or null for anything that is not one. */
export function userId(uid: string): number | null {
  if (!/^\d{1,10}$/.test(uid)) return null;
  const n = Number(uid);
  return n > 0 && n <= 2_147_483_647 ? n : null;
}

export function createUserData(db: Db) {
  const users = db.prisma.user;
  return {
    async card(uid: string): Promise<UserCard | null> {
      const id = userId(uid);
      const u = id === null ? null : await users.findUnique({ where: { id }, select: CARD });
      return u ? toCard(u) : null;
    },

    async cards(uids: readonly string[]): Promise<Map<string, UserCard>> {
      const ids = [...new Set(uids.map(userId).filter((x): x is number => x !== null))];
      const rows = ids.length
        ? await users.findMany({ where: { id: { in: ids } }, select: CARD })
        : [];
      return new Map(rows.map((r) => [String(r.id), toCard(r)]));
    },

    /** SEARCH_USER: uid (exact), username or email (exact or prefix). Usernames and emails are
     *  stored lower-case, so the query is lower-cased too. */
    async search(query: string): Promise<UserCard[]> {
      const q = query.trim().toLowerCase();
      if (!q) return [];
      const id = userId(q);
      const rows = await users.findMany({
        where: {
          OR: [
            ...(id !== null ? [{ id }] : []),
            { username: { startsWith: q } },
            { email: { startsWith: q } },
          ],
        },
        select: SEARCHED,
        orderBy: { id: 'asc' },
        take: SEARCH_LIMIT,
      });
      // LIKE treats % and _ as wildcards (and the SQLite adapter does not escape them), so the
      // prefix test is repeated here on the real strings: "%" must not list everybody.
      const hits = rows.filter(
        (r) => r.id === id || r.username.startsWith(q) || r.email.startsWith(q),
      );
      // Exact matches first: the uid, then the username typed in full.
      const exact = (r: Row) => (String(r.id) === q || r.username === q ? 0 : 1);
      return hits.sort((a, b) => exact(a) - exact(b)).map(toCard);
    },
  };
}

export type UserData = ReturnType<typeof createUserData>;
