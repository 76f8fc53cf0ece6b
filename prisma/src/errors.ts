// Errors of @parley/db, and recognising unique-constraint violations in either dialect.
//
// DbError stops start-up (bad URL, migrations that do not fit the database); it never reaches a
// client, so it carries a stable string code rather than a PROTOCOL.md §6 number. Callers map
// unique violations themselves: USER_EXISTS for users, CONFLICT for friendships and requests,
// and for messages "return the original" (§5 idempotent sends) or "retry the seq".

import type { Prisma } from '../generated/sqlite/client';

export const DbErrorCode = {
  /** DATABASE_URL is not file:, mysql:// or mariadb://, or is malformed. */
  BAD_URL: 'DB_BAD_URL',
  /** An applied migration file was edited afterwards. */
  MIGRATION_CHANGED: 'DB_MIGRATION_CHANGED',
  /** The database records a migration this code does not have (the database is newer). */
  MIGRATION_UNKNOWN: 'DB_MIGRATION_UNKNOWN',
  /** A migration's SQL failed. */
  MIGRATION_FAILED: 'DB_MIGRATION_FAILED',
  /** Another runner held the migration lock for too long. */
  MIGRATION_LOCK_TIMEOUT: 'DB_MIGRATION_LOCK_TIMEOUT',
} as const;
export type DbErrorCode = (typeof DbErrorCode)[keyof typeof DbErrorCode];

export class DbError extends Error {
  override readonly name = 'DbError';
  constructor(
    readonly code: DbErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

// Table of each model, to turn MySQL's index names back into fields. Typed by the generated
// ModelName so a new model fails to compile here; the drift test checks it against @@map.
export const TABLE_OF_MODEL: Readonly<Record<Prisma.ModelName, string>> = {
  User: 'users',
  FriendRequest: 'friend_requests',
  Friendship: 'friendships',
  Conversation: 'conversations',
  Member: 'members',
  Message: 'messages',
  Group: 'chat_groups',
  GroupEvent: 'group_events',
  Media: 'media',
  Token: 'tokens',
  DeviceCursor: 'device_cursors',
};

/** What the driver adapters report, found on Prisma errors as meta.driverAdapterError.cause. */
interface AdapterCause {
  kind?: unknown;
  originalCode?: unknown;
  constraint?: { fields?: unknown; index?: unknown };
}

const SQLITE_CONSTRAINT_PRIMARYKEY = '1555';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** The adapter's description of a unique violation inside err, or undefined if err is not one. */
function uniqueCause(err: unknown): AdapterCause | undefined {
  // Bounded walk: Prisma error → meta.driverAdapterError → cause; the adapter error alone also
  // escapes sometimes (raw driver use, errors wrapped by callers in their own `cause`).
  let current: unknown = err;
  for (let depth = 0; depth < 4 && isObject(current); depth++) {
    if (current['name'] === 'DriverAdapterError' && isObject(current['cause'])) {
      const cause = current['cause'] as AdapterCause;
      return cause.kind === 'UniqueConstraintViolation' ? cause : undefined;
    }
    const meta = current['meta'];
    if (isObject(meta) && isObject(meta['driverAdapterError'])) {
      current = meta['driverAdapterError'];
      continue;
    }
    if (current['code'] === 'P2002') return {};
    // Raw drivers, if someone bypasses Prisma: mariadb ER_DUP_ENTRY, libsql SQLITE_CONSTRAINT_*.
    if (current['errno'] === 1062) return {};
    if (
      current['code'] === 'SQLITE_CONSTRAINT_UNIQUE' ||
      current['code'] === 'SQLITE_CONSTRAINT_PRIMARYKEY'
    ) {
      return {};
    }
    current = current['cause'];
  }
  return undefined;
}

/**
 * True for a unique or primary-key violation in either dialect: Prisma P2002 from model queries,
 * P2010 from $executeRaw/$queryRaw, or the adapter's own error.
 */
export function isUniqueViolation(err: unknown): boolean {
  return uniqueCause(err) !== undefined;
}

/**
 * The fields of the violated @unique / @@unique, e.g. ['senderId', 'clientMsgId'], in either
 * dialect; undefined for a primary-key violation or when the driver did not say. SQLite names
 * the columns; MySQL only the index, which is `<table>_<field>_…_key` as Prisma names them.
 */
export function uniqueViolationFields(err: unknown): string[] | undefined {
  const cause = uniqueCause(err);
  if (cause === undefined) return undefined;
  const fields = cause.constraint?.fields;
  if (Array.isArray(fields) && fields.every((f) => typeof f === 'string')) {
    return cause.originalCode === SQLITE_CONSTRAINT_PRIMARYKEY ? undefined : fields;
  }
  const index = cause.constraint?.index;
  if (typeof index !== 'string' || !index.endsWith('_key')) return undefined;
  const model = isObject(err) && isObject(err['meta']) ? err['meta']['modelName'] : undefined;
  const tables =
    typeof model === 'string' && model in TABLE_OF_MODEL
      ? [TABLE_OF_MODEL[model as Prisma.ModelName]]
      : Object.values(TABLE_OF_MODEL);
  // Longest table first, so `friend_requests_…` is not read as table `friend…`.
  for (const table of tables.sort((a, b) => b.length - a.length)) {
    if (index.startsWith(`${table}_`))
      return index.slice(table.length + 1, -'_key'.length).split('_');
  }
  return undefined;
}
