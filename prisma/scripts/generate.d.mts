// Types for the parts of generate.mjs that tests import.

/** Derives one dialect's Prisma schema from the SQLite source schema.prisma. */
export function deriveSchema(source: string, dialect: 'sqlite' | 'mysql'): string;
