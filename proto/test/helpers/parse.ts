/** Assertions shared by the catalogue tests. Add a helper here when two test files need it. */
import assert from 'node:assert/strict';
import type { ParseResult } from '../../src/index';
import { utf8 } from './vectors';

/** A value as a frame body: JSON in UTF-8. */
export const json = (value: unknown): Uint8Array => utf8(JSON.stringify(value));

/** Assert a failed parse with `code`; returns the error message for further checks. */
export function fails(result: ParseResult<unknown>, code: number): string {
  assert.equal(result.ok, false, `expected failure, got ${JSON.stringify(result)}`);
  assert.ok(!result.ok);
  assert.equal(result.error.code, code, result.error.message);
  return result.error.message;
}
