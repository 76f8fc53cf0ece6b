// The notice a KICKED session shows (PROTOCOL.md §9.2), in the user's words, per reason.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { kickNotice } from '../lib/chat/kicked';

const AT = Date.UTC(2025, 0, 2, 14, 2);
const time = (ms: number) => (ms === AT ? '14:02' : `unexpected ${String(ms)}`);

describe('kickNotice', () => {
  it('replaced: the device that logged in and when, with "Not you?"', () => {
    const n = kickNotice(
      { reason: 'replaced', at: AT, by: { deviceId: 'abcdefgh', deviceName: 'Chrome on Windows' } },
      time,
    );
    assert.deepEqual(n, { text: 'Logged in on Chrome on Windows at 14:02', notYou: true });
  });

  it('replaced with an ip: the ip too', () => {
    const n = kickNotice(
      {
        reason: 'replaced',
        at: AT,
        by: { deviceId: 'abcdefgh', deviceName: 'Safari on iPhone', ip: '203.0.113.7' },
      },
      time,
    );
    assert.equal(n.text, 'Logged in on Safari on iPhone (203.0.113.7) at 14:02');
  });

  it('replaced by a device without a name, or without `by`: "another device"', () => {
    const unnamed = { reason: 'replaced', at: AT, by: { deviceId: 'abcdefgh', deviceName: '' } };
    assert.equal(kickNotice(unnamed, time).text, 'Logged in on another device at 14:02');
    assert.equal(
      kickNotice({ reason: 'replaced', at: AT }, time).text,
      'Logged in on another device at 14:02',
    );
  });

  it('revoked: logged out from another device, with "Not you?"', () => {
    const n = kickNotice(
      { reason: 'revoked', at: AT, by: { deviceId: 'abcdefgh', deviceName: 'Chrome on Linux' } },
      time,
    );
    assert.deepEqual(n, { text: 'Logged out from another device', notYou: true });
  });

  it('device_limit: this one was idle longest; no "Not you?"', () => {
    assert.deepEqual(kickNotice({ reason: 'device_limit', at: AT }, time), {
      text: 'Too many devices: this one, idle longest, was logged out',
      notYou: false,
    });
  });

  it('password_reset: the password was changed; no "Not you?"', () => {
    assert.deepEqual(kickNotice({ reason: 'password_reset', at: AT }, time), {
      text: 'Your password was changed',
      notYou: false,
    });
  });

  it('a reason this client does not know (a v1 server’s free text): the generic notice', () => {
    assert.deepEqual(kickNotice({ reason: 'logged in elsewhere', at: AT }, time), {
      text: 'You were logged out: your account logged in elsewhere.',
      notYou: false,
    });
  });

  it('the default clock is local "HH:MM" for today', () => {
    const now = new Date();
    now.setHours(9, 5, 0, 0);
    assert.equal(
      kickNotice({ reason: 'replaced', at: now.getTime() }).text,
      'Logged in on another device at 09:05',
    );
  });
});
