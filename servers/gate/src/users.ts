// Accounts in the relational database (Prisma): the only place GateServer touches users.
import type { Db } from '@parley/db';
import { isUniqueViolation } from '@parley/db';
import { ErrorCode, ParleyError, type UserCard } from '@parley/proto';

interface UserRow {
  id: number;
  username: string;
  email: string;
  passwordHash: string;
  nick: string;
  avatar: string;
  bio: string;
}

/** PROTOCOL.md §2: a user's email and password hash are never sent to anyone else. */
export function toCard(u: UserRow): UserCard {
  return { uid: String(u.id), username: u.username, nick: u.nick, avatar: u.avatar, bio: u.bio };
}

export function createUserRepo(db: Db) {
  const users = db.prisma.user;
  return {
    async findByAccount(account: string): Promise<UserRow | null> {
      const a = account.trim();
      return a.includes('@')
        ? users.findUnique({ where: { email: a.toLowerCase() } })
        : users.findUnique({ where: { username: a } });
    },
    findByEmail: (email: string): Promise<UserRow | null> => users.findUnique({ where: { email } }),
    async exists(username: string, email: string): Promise<boolean> {
      const hit = await users.findFirst({
        where: { OR: [{ username }, { email }] },
        select: { id: true },
      });
      return hit !== null;
    },
    async create(data: {
      username: string;
      email: string;
      passwordHash: string;
    }): Promise<UserRow> {
      try {
        return await users.create({ data: { ...data, nick: data.username } });
      } catch (err) {
        if (isUniqueViolation(err))
          throw new ParleyError(ErrorCode.USER_EXISTS, 'username or email already registered');
        throw err;
      }
    },
    async setPassword(id: number, passwordHash: string): Promise<void> {
      await users.update({ where: { id }, data: { passwordHash } });
    },
  };
}

export type UserRepo = ReturnType<typeof createUserRepo>;
