// Unique-violation recognition over the error shapes Prisma 7 and the adapters produce (captured
// from real runs; the client tests cover the live path in both dialects).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isUniqueViolation, uniqueViolationFields } from '../src/index';

function prismaError(code: string, cause: Record<string, unknown>, modelName?: string): Error {
  const err = Object.assign(new Error('Invalid invocation'), {
    name: 'PrismaClientKnownRequestError',
    code,
    meta: {
      ...(modelName ? { modelName } : {}),
      driverAdapterError: { name: 'DriverAdapterError', cause },
    },
  });
  return err;
}

const sqliteUnique = (fields: string[], originalCode = '2067') =>
  ({ originalCode, kind: 'UniqueConstraintViolation', constraint: { fields } }) as const;
const mysqlUnique = (index: string) =>
  ({ originalCode: '1062', kind: 'UniqueConstraintViolation', constraint: { index } }) as const;

describe('isUniqueViolation / uniqueViolationFields', () => {
  it('reads fields from SQLite (P2002 and raw P2010)', () => {
    const err = prismaError('P2002', sqliteUnique(['senderId', 'clientMsgId']), 'Message');
    assert.equal(isUniqueViolation(err), true);
    assert.deepEqual(uniqueViolationFields(err), ['senderId', 'clientMsgId']);
    assert.deepEqual(uniqueViolationFields(prismaError('P2010', sqliteUnique(['username']))), [
      'username',
    ]);
  });

  it('turns MySQL index names back into fields, with or without the model name', () => {
    assert.deepEqual(
      uniqueViolationFields(prismaError('P2002', mysqlUnique('users_email_key'), 'User')),
      ['email'],
    );
    assert.deepEqual(
      uniqueViolationFields(prismaError('P2010', mysqlUnique('messages_conversationId_seq_key'))),
      ['conversationId', 'seq'],
    );
    assert.deepEqual(
      uniqueViolationFields(prismaError('P2010', mysqlUnique('chat_groups_conversationId_key'))),
      ['conversationId'],
    );
  });

  it('gives no fields for primary keys, in both dialects alike', () => {
    const sqlitePk = prismaError(
      'P2002',
      sqliteUnique(['userId', 'friendId'], '1555'),
      'Friendship',
    );
    const mysqlPk = prismaError('P2002', mysqlUnique('PRIMARY'), 'Friendship');
    for (const err of [sqlitePk, mysqlPk]) {
      assert.equal(isUniqueViolation(err), true);
      assert.equal(uniqueViolationFields(err), undefined);
    }
  });

  it('recognises raw driver errors and wrapped causes', () => {
    assert.equal(isUniqueViolation(Object.assign(new Error('dup'), { errno: 1062 })), true);
    assert.equal(
      isUniqueViolation(Object.assign(new Error('dup'), { code: 'SQLITE_CONSTRAINT_UNIQUE' })),
      true,
    );
    assert.equal(
      isUniqueViolation(
        new Error('store failed', { cause: prismaError('P2002', mysqlUnique('users_email_key')) }),
      ),
      true,
    );
    assert.equal(
      isUniqueViolation(Object.assign(new Error('Unique constraint failed'), { code: 'P2002' })),
      true,
    );
  });

  it('is false for other failures', () => {
    const notNull = prismaError('P2011', {
      kind: 'NullConstraintViolation',
      constraint: { fields: ['nick'] },
    });
    for (const err of [notNull, new Error('x'), null, 'P2002', { code: 'P2025' }]) {
      assert.equal(isUniqueViolation(err), false);
      assert.equal(uniqueViolationFields(err), undefined);
    }
  });
});
