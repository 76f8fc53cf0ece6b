// Database URLs: which dialect a URL names, and the pieces each dialect's code needs from it.
// `DATABASE_URL` is the only database setting (PROTOCOL.md §8); embedded mode uses
// `file:./data/parley.db`, cluster mode `mysql://user:pass@host:3306/parley`.

import { isAbsolute, resolve } from 'node:path';
import { DbError } from './errors';

export type Dialect = 'sqlite' | 'mysql';

/** 'file:' → sqlite; 'mysql://' or 'mariadb://' → mysql; anything else throws DB_BAD_URL. */
export function dialectOf(url: string): Dialect {
  if (url.startsWith('file:')) return 'sqlite';
  if (url.startsWith('mysql://') || url.startsWith('mariadb://')) return 'mysql';
  throw new DbError(
    'DB_BAD_URL',
    `unsupported database URL ${redactUrl(url)}: use file:, mysql:// or mariadb://`,
  );
}

/**
 * The filesystem path of a `file:` URL, resolved against the working directory as libsql does,
 * or null for an in-memory database. Accepts `file:rel/x.db`, `file:./x.db`, `file:/abs/x.db`
 * and `file:///abs/x.db`; a query string (`?mode=…`) is ignored.
 */
export function sqliteFilePath(url: string): string | null {
  let rest = url.slice('file:'.length);
  const query = rest.indexOf('?');
  if (query !== -1) rest = rest.slice(0, query);
  if (rest.startsWith('//')) {
    // file://host/path: only an empty host or localhost means this machine.
    const slash = rest.indexOf('/', 2);
    const host = rest.slice(2, slash === -1 ? undefined : slash);
    if (host !== '' && host !== 'localhost') {
      throw new DbError('DB_BAD_URL', `file URL with a remote host: ${url}`);
    }
    rest = slash === -1 ? '' : rest.slice(slash);
  }
  rest = decodeURIComponent(rest);
  if (rest === '') throw new DbError('DB_BAD_URL', `file URL without a path: ${url}`);
  if (rest === ':memory:') return null;
  return isAbsolute(rest) ? rest : resolve(rest);
}

export interface MysqlTarget {
  /** The database named in the URL path. */
  database: string;
  /**
   * The same server, user and options with database `information_schema`, for connecting before
   * ours exists: the mariadb connector requires a database in the URL, and information_schema
   * exists on every server and is readable by every user.
   */
  bootstrapUrl: string;
}

// The database name is interpolated (backquoted) into CREATE DATABASE and USE, which cannot take
// parameters, so only plain identifiers are accepted.
const DATABASE_NAME = /^[A-Za-z0-9_]{1,64}$/;

export function mysqlTarget(url: string): MysqlTarget {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new DbError('DB_BAD_URL', `malformed database URL ${redactUrl(url)}`);
  }
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  if (!DATABASE_NAME.test(database)) {
    throw new DbError('DB_BAD_URL', `${redactUrl(url)}: database name must match ${DATABASE_NAME}`);
  }
  // The mariadb connector only knows the mariadb: scheme; the Prisma adapter rewrites it too.
  parsed.protocol = 'mariadb:';
  parsed.pathname = '/information_schema';
  return { database, bootstrapUrl: parsed.toString() };
}

/** The URL with any password replaced, for error messages and logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password === '') return url;
    parsed.password = '***';
    return parsed.toString();
  } catch {
    return url.replace(/\/\/([^:/@]*):[^@]*@/, '//$1:***@');
  }
}
