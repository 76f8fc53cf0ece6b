import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ErrorCode,
  ErrorCodeName,
  ErrorText,
  ParleyError,
  isErrorCode,
  isParleyError,
} from '../src/index';

describe('error table (PROTOCOL.md §6)', () => {
  it('has the codes of §6', () => {
    assert.deepEqual(
      Object.entries(ErrorCode).map(([name, code]) => `${code} ${name}`),
      [
        '0 OK',
        '1001 BAD_REQUEST',
        '1002 INTERNAL',
        '1003 CODE_EXPIRED',
        '1004 CODE_INVALID',
        '1005 USER_EXISTS',
        '1007 NOT_FOUND',
        '1009 BAD_CREDENTIALS',
        '1010 TOKEN_INVALID',
        '1011 NOT_LOGGED_IN',
        '1012 FORBIDDEN',
        '1013 RATE_LIMITED',
        '1014 FRAME_TOO_LARGE',
        '1015 UNKNOWN_TYPE',
        '1016 CONFLICT',
        '1017 UNAVAILABLE',
      ],
    );
  });

  it('maps every code back to its name and to a distinct default text', () => {
    for (const [name, code] of Object.entries(ErrorCode)) {
      assert.equal(ErrorCodeName[code], name);
      assert.ok(ErrorText[code].length > 0, name);
    }
    const texts = new Set(Object.values(ErrorText));
    assert.equal(texts.size, Object.keys(ErrorCode).length);
    assert.equal(ErrorCodeName[1006], undefined);
  });

  it('recognises codes', () => {
    assert.equal(isErrorCode(1014), true);
    assert.equal(isErrorCode(1006), false);
    assert.equal(isErrorCode('1014'), false);
  });
});

describe('ParleyError', () => {
  it('defaults its message to the code text', () => {
    const e = new ParleyError(ErrorCode.NOT_FOUND);
    assert.equal(e.message, 'no such user, request, conversation or group');
    assert.equal(e.code, 1007);
    assert.equal(e.name, 'ParleyError');
    assert.equal(e.extra, undefined);
    assert.ok(e instanceof Error);
    assert.ok(e.stack?.includes('ParleyError'));
  });

  it('keeps a custom message and extra', () => {
    const e = new ParleyError(ErrorCode.RATE_LIMITED, 'slow down', { retryAfterMs: 1500 });
    assert.equal(e.message, 'slow down');
    assert.deepEqual(e.extra, { retryAfterMs: 1500 });
  });

  it('turns into a response body whose code and text extra cannot override', () => {
    const e = new ParleyError(ErrorCode.RATE_LIMITED, 'slow down', {
      retryAfterMs: 1500,
      error: 0,
      message: 'fine',
    });
    assert.deepEqual(e.toBody(), { retryAfterMs: 1500, error: 1013, message: 'slow down' });
    assert.deepEqual(new ParleyError(ErrorCode.FORBIDDEN).toBody(), {
      error: 1012,
      message: 'not a friend or not a member',
    });
  });

  it('is recognised by isParleyError only', () => {
    assert.equal(isParleyError(new ParleyError(ErrorCode.INTERNAL)), true);
    assert.equal(isParleyError(new Error('x')), false);
    assert.equal(isParleyError({ code: 1002, message: 'x' }), false);
    assert.equal(isParleyError(undefined), false);
  });
});
