import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../src/config';

describe('loadConfig', () => {
  it('keys Redis under parley: unless REDIS_PREFIX says otherwise', () => {
    assert.equal(loadConfig({}).REDIS_PREFIX, 'parley:');
    assert.equal(loadConfig({ REDIS_PREFIX: 'blue:' }).REDIS_PREFIX, 'blue:');
  });

  it('refuses a REDIS_PREFIX with spaces or glob characters, naming the variable', () => {
    for (const bad of ['', 'a b', 'x*', 'x'.repeat(65)])
      assert.throws(() => loadConfig({ REDIS_PREFIX: bad }), /REDIS_PREFIX/);
  });

  it('runs ChatServers on the main thread unless CHAT_THREADS=1; refuses anything else', () => {
    assert.equal(loadConfig({}).CHAT_THREADS, '0');
    assert.equal(loadConfig({ CHAT_THREADS: '1' }).CHAT_THREADS, '1');
    assert.equal(loadConfig({ CHAT_THREADS: '0' }).CHAT_THREADS, '0');
    for (const bad of ['yes', '2', 'true'])
      assert.throws(() => loadConfig({ CHAT_THREADS: bad }), /CHAT_THREADS/);
  });
});
