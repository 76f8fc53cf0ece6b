// @parley/db: the Prisma client for Parley's two databases, behind one type.
//
// Embedded mode uses SQLite (`file:./data/parley.db`, through @prisma/adapter-libsql, no native
// build); cluster mode MySQL/MariaDB (`mysql://…`, through @prisma/adapter-mariadb). Both clients
// are generated from the one schema.prisma (scripts/generate.mjs); a client generated for one
// provider refuses the other's adapter, so openDb picks the generated client by dialect and
// exposes both as the SQLite client's type. That type lacks MySQL-only options (createMany's
// `skipDuplicates`) but has two SQLite/Postgres-only methods, `createManyAndReturn` and
// `updateManyAndReturn`, which fail at run time on MySQL: do not use them.
//
// In one process, open one Db per SQLite file and share it: the libsql driver is synchronous, so
// a second client waiting for the first one's write lock would block the event loop the first
// one needs to finish, until busy_timeout fails it.

import type { PrismaClient as SqlitePrismaClient } from '../generated/sqlite/client';
import { migrate } from './migrate';
import { ensureSqliteDir, SQLITE_BUSY_TIMEOUT_MS } from './migrate-sqlite';
import { DbError, DbErrorCode } from './errors';
import { dialectOf, mysqlTarget, sqliteFilePath, type Dialect } from './url';

export type { Dialect } from './url';
export { dialectOf, redactUrl, sqliteFilePath } from './url';
export { DbError, DbErrorCode, isUniqueViolation, uniqueViolationFields } from './errors';
export { migrate, type MigrateOptions, type MigrateResult } from './migrate';
// Model types (rows as the client returns them) and the Prisma namespace for input types.
// BigInt columns (Message.id, sentAt, recalledAt) are `bigint`; convert at the wire edge
// (String(id), Number(sentAt)), PROTOCOL.md §2.
export type {
  Conversation,
  FriendRequest,
  Friendship,
  Group,
  Media,
  Member,
  Message,
  Prisma,
  User,
} from '../generated/sqlite/client';

/** The SQLite client's type; the MySQL client has the same model API and is cast to it. */
export type DbClient = SqlitePrismaClient;

export interface Db {
  prisma: DbClient;
  dialect: Dialect;
  /** The URL as given (may contain a password: log redactUrl(url) instead). */
  url: string;
  /** Disconnects the client; safe to call more than once. */
  close(): Promise<void>;
}

/**
 * Opens the database at `url`: creates what is missing (SQLite's folder, MySQL's database), applies
 * pending migrations, then connects. Throws DbError if the URL or the migrations do not fit.
 */
export async function openDb(url: string): Promise<Db> {
  const dialect = dialectOf(url);
  if (dialect === 'sqlite' && sqliteFilePath(url) === null) {
    // Every connection gets its own empty in-memory database: the migrated one would not be the
    // one the client sees.
    throw new DbError(
      DbErrorCode.BAD_URL,
      'in-memory SQLite is not supported: use a file in a temp folder',
    );
  }
  await migrate(url);
  const prisma = dialect === 'sqlite' ? await sqliteClient(url) : await mysqlClient(url);
  // Connect now so a wrong host or password fails start-up, not the first request.
  await prisma.$connect();
  let closing: Promise<void> | undefined;
  return {
    prisma,
    dialect,
    url,
    close: () => (closing ??= prisma.$disconnect()),
  };
}

// The clients and drivers load only for the dialect in use: embedded mode never loads mariadb,
// cluster mode never loads libsql's native module.

async function sqliteClient(url: string): Promise<DbClient> {
  await ensureSqliteDir(url);
  const [{ PrismaClient }, { PrismaLibSql }] = await Promise.all([
    import('../generated/sqlite/client'),
    import('@prisma/adapter-libsql'),
  ]);
  // intMode bigint: with the default ('number') libsql throws on reading any BIGINT beyond 2^53,
  // e.g. a sentAt or message id; Prisma still returns Int columns as numbers. `timeout` is the
  // busy_timeout of every connection libsql opens (it opens a fresh one after each transaction).
  const adapter = new PrismaLibSql({ url, timeout: SQLITE_BUSY_TIMEOUT_MS, intMode: 'bigint' });
  return new PrismaClient({ adapter });
}

async function mysqlClient(url: string): Promise<DbClient> {
  const { database } = mysqlTarget(url);
  const [{ PrismaClient }, { PrismaMariaDb }] = await Promise.all([
    import('../generated/mysql/client'),
    import('@prisma/adapter-mariadb'),
  ]);
  const adapter = new PrismaMariaDb(url, { database });
  // Same schema, same model API; only the provider baked into the client differs.
  return new PrismaClient({ adapter }) as unknown as DbClient;
}
