// Several devices at once (PROTOCOL.md §9.2) over real TCP and two ChatServers: every device of
// every member gets MSG_NOTIFY (the sender's other devices too, the sending one only its
// response); reading on one device clears the badge on the others, live; each device has its own
// backlog; one connection per (uid, deviceId) under races; the sixth device replaces the one idle
// longest; DEVICES and DEVICE_REVOKE, with their coded errors.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { ErrorCode, MsgType, validateBody, type DeviceInfo, type KickedPush } from '@parley/proto';
import { ChatClient } from '@parley/chat';
import type { Mode, TestSystem } from './system';
import { befriend, collect, person, sendText, silent, withSystem, type Person } from './people';

export function devicesSuite(mode: Mode): void {
  describe(`several devices (${mode} mode)`, () => {
    let sys: TestSystem;
    withSystem({ mode, chatServers: 2 }, (s) => (sys = s));
    const opened: ChatClient[] = [];
    after(() => {
      for (const c of opened) if (!c.isClosed) c.socket.destroy();
    });

    const newDeviceId = (name: string) => `${name}-${randomBytes(4).toString('hex')}`;

    /** LOGIN as a device, with a token of its own (a token logs in one device only). */
    async function loginAs(
      p: Person,
      deviceId: string,
      server: number,
      opts: { token?: string; deviceName?: string } = {},
    ) {
      const token = opts.token ?? (await sys.status.issueToken(p.uid)).token;
      const c = await ChatClient.connect('127.0.0.1', sys.chats[server]!.port);
      opened.push(c);
      const r = await c.request(MsgType.LOGIN, {
        uid: p.uid,
        token,
        protocol: 1,
        deviceId,
        deviceName: opts.deviceName ?? `${deviceId} name`,
      });
      return { c, r, token };
    }

    async function device(p: Person, deviceId: string, server: number, deviceName?: string) {
      const { c, r, token } = await loginAs(p, deviceId, server, deviceName ? { deviceName } : {});
      assert.equal(r.body['error'], 0, JSON.stringify(r.body));
      return Object.assign(c, { token, deviceId });
    }

    async function unread(c: ChatClient, conversationId: string): Promise<number> {
      const r = await c.request(MsgType.CONVERSATIONS);
      const list = r.body['conversations'] as { conversationId: string; unread: number }[];
      return list.find((x) => x.conversationId === conversationId)!.unread;
    }

    async function devicesOf(c: ChatClient): Promise<DeviceInfo[]> {
      const r = await c.request(MsgType.DEVICES);
      assert.equal(r.body['error'], 0, JSON.stringify(r.body));
      assert.ok(validateBody(MsgType.DEVICES_RSP, r.body).ok, 'DEVICES_RSP fits');
      return r.body['devices'] as DeviceInfo[];
    }

    /** Two friends with one device each (A's phone on server 0, B's phone on server 1). */
    async function pair() {
      const a = await person(sys, 'a');
      const b = await person(sys, 'b');
      const aPhone = await device(a, newDeviceId('aphone'), 0);
      const bPhone = await device(b, newDeviceId('bphone'), 1);
      const conv = await befriend(aPhone, a, bPhone, b);
      return { a, b, aPhone, bPhone, conv };
    }

    it("reaches every device of the receiver and the sender's other devices, not the sending one", async () => {
      const { a, b, aPhone, bPhone, conv } = await pair();
      const aLaptop = await device(a, newDeviceId('alaptop'), 1);
      const bLaptop = await device(b, newDeviceId('blaptop'), 0);
      const sent = await sendText(aPhone, conv, 'to every device');
      for (const c of [bPhone, bLaptop, aLaptop]) {
        const [n] = await collect(c, 1);
        assert.equal(n!.seq, sent.seq);
        assert.equal(n!.text, 'to every device');
      }
      await silent(aPhone, MsgType.MSG_NOTIFY);
      // A recall reaches the receiver's devices and the recaller's other one.
      const rc = await aPhone.request(MsgType.RECALL, { conversationId: conv, msgId: sent.msgId });
      assert.equal(rc.body['error'], 0, JSON.stringify(rc.body));
      for (const c of [bPhone, bLaptop, aLaptop]) {
        const n = await c.next(MsgType.RECALL_NOTIFY);
        assert.equal(n.body['msgId'], sent.msgId);
      }
      await silent(aPhone, MsgType.RECALL_NOTIFY);
      // Presence: online while any device is.
      const list = await bPhone.request(MsgType.FRIEND_LIST);
      const friends = list.body['friends'] as { uid: string; online: boolean }[];
      assert.equal(friends.find((f) => f.uid === a.uid)?.online, true);
      await aPhone.close();
      // No "offline" for A while its laptop is on (the "online"s of A's logins may be queued).
      for (;;) {
        const n = await bPhone.next(MsgType.PRESENCE_NOTIFY, 400).catch(() => null);
        if (!n) break;
        assert.equal(n.body['online'], true, JSON.stringify(n.body));
      }
      const again = await bPhone.request(MsgType.FRIEND_LIST);
      const still = again.body['friends'] as { uid: string; online: boolean }[];
      assert.equal(still.find((f) => f.uid === a.uid)?.online, true, 'the laptop is still on');
    });

    it('reading on one device clears the unread count on the others, live', async () => {
      const { a, b, aPhone, bPhone, conv } = await pair();
      const bLaptop = await device(b, newDeviceId('blaptop'), 0);
      await sendText(aPhone, conv, 'one');
      const last = await sendText(aPhone, conv, 'two');
      await collect(bPhone, 2);
      await collect(bLaptop, 2);
      assert.equal(await unread(bLaptop, conv), 2);
      const rd = await bPhone.request(MsgType.READ, { conversationId: conv, seq: last.seq });
      assert.equal(rd.body['error'], 0, JSON.stringify(rd.body));
      // The reader's other device is told live, with the reader's own uid …
      const mine = await bLaptop.next(MsgType.READ_NOTIFY);
      assert.deepEqual(mine.body, { conversationId: conv, uid: b.uid, seq: last.seq });
      assert.equal(await unread(bLaptop, conv), 0);
      // … the sender gets its read mark as before, and the reading device nothing.
      const theirs = await aPhone.next(MsgType.READ_NOTIFY);
      assert.equal(theirs.body['uid'], b.uid);
      await silent(bPhone, MsgType.READ_NOTIFY);
      void a;
    });

    it('brings each device up to date at its own login (per-device ACK cursor)', async () => {
      const { a, b, aPhone, bPhone, conv } = await pair();
      const laptopId = newDeviceId('blaptop');
      const laptop = await device(b, laptopId, 0);
      await laptop.close();
      const m1 = await sendText(aPhone, conv, 'while the laptop was off 1');
      const m2 = await sendText(aPhone, conv, 'while the laptop was off 2');
      await collect(bPhone, 2);
      const ack = await bPhone.request(MsgType.ACK, { conversationId: conv, seq: m2.seq });
      assert.equal(ack.body['error'], 0, JSON.stringify(ack.body));
      // The phone's ACK is the phone's: the laptop still gets both at its login.
      const back = await device(b, laptopId, 1);
      assert.deepEqual(
        (await collect(back, 2)).map((m) => m.seq),
        [m1.seq, m2.seq],
      );
      await back.request(MsgType.ACK, { conversationId: conv, seq: m2.seq });
      // The phone, logging in again, got them already: nothing is pushed twice.
      await bPhone.close();
      const phoneAgain = await device(b, bPhone.deviceId, 0);
      await silent(phoneAgain, MsgType.MSG_NOTIFY, 400);
      // A device new to the account starts at the READ cursor: read messages are history.
      await phoneAgain.request(MsgType.READ, { conversationId: conv, seq: m2.seq });
      const m3 = await sendText(aPhone, conv, 'after the read');
      await collect(phoneAgain, 1);
      const tablet = await device(b, newDeviceId('btablet'), 1);
      assert.deepEqual(
        (await collect(tablet, 1)).map((m) => m.seq),
        [m3.seq],
      );
      await silent(tablet, MsgType.MSG_NOTIFY, 300);
      // The sender's READ cursor is at its own last message, so a device of A new to the account
      // has nothing unread to be pushed (its messages are history, paged with HISTORY).
      const aLaptop = await device(a, newDeviceId('alaptop'), 1);
      await silent(aLaptop, MsgType.MSG_NOTIFY, 300);
    });

    it('20 rounds of simultaneous logins: one device id leaves exactly one, two ids leave both', async () => {
      const p = await person(sys, 'race');
      for (let round = 0; round < 20; round++) {
        const same = newDeviceId('same');
        const { token } = await sys.status.issueToken(p.uid);
        const [x, y] = await Promise.all([
          loginAs(p, same, 0, { token }),
          loginAs(p, same, 1, { token }),
        ]);
        await new Promise((r) => setTimeout(r, 150)); // let kicks land
        const alive = await liveOf([x, y]);
        assert.equal(alive.length, 1, `round ${round}: same device`);
        const routes = (await sys.stores.routes.get(p.uid)).filter((r) => r.deviceId === same);
        assert.deepEqual(
          routes.map((r) => r.server),
          [sys.chats[alive[0] === x.c ? 0 : 1]!.server.name],
          `round ${round}: the route names the live session`,
        );
        const loser = alive[0] === x.c ? y : x;
        if (loser.r.body['error'] === 0) {
          const k = (await loser.c.next(MsgType.KICKED, 1_000)).body as KickedPush;
          assert.equal(k.reason, 'replaced');
          assert.equal(k.by?.deviceId, same);
        }
        const [u, v] = await Promise.all([
          loginAs(p, newDeviceId('one'), 0),
          loginAs(p, newDeviceId('two'), 1),
        ]);
        await new Promise((r) => setTimeout(r, 150));
        assert.equal((await liveOf([u, v])).length, 2, `round ${round}: two devices`);
        for (const c of [x.c, y.c, u.c, v.c]) c.socket.destroy();
        for (let i = 0; i < 100 && (await sys.stores.routes.get(p.uid)).length > 0; i++)
          await new Promise((r) => setTimeout(r, 20));
      }
    });

    /** The clients whose LOGIN succeeded and that still answer a HEARTBEAT. */
    async function liveOf(
      logins: { c: ChatClient; r: { body: Record<string, unknown> } }[],
    ): Promise<ChatClient[]> {
      const alive: ChatClient[] = [];
      for (const { c, r } of logins) {
        if (c.isClosed || r.body['error'] !== 0) continue;
        const hb = await c.request(MsgType.HEARTBEAT, {}, 1_000).catch(() => null);
        if (hb?.body['error'] === 0 && !c.isClosed) alive.push(c);
      }
      return alive;
    }

    it('a sixth device replaces the device idle longest (device_limit)', async () => {
      const p = await person(sys, 'many');
      const ids = [0, 1, 2, 3, 4].map((i) => newDeviceId(`d${i}`));
      const devs = [];
      for (const [i, id] of ids.entries()) devs.push(await device(p, id, i % 2));
      // d0 logged in first but is used now (a request, then the HEARTBEAT that reports it):
      // d1 is now the one idle longest.
      await new Promise((r) => setTimeout(r, 20));
      assert.equal((await devs[0]!.request(MsgType.CONVERSATIONS)).body['error'], 0);
      assert.equal((await devs[0]!.request(MsgType.HEARTBEAT)).body['error'], 0);
      const sixth = await device(p, newDeviceId('d5'), 1, 'the sixth');
      const k = (await devs[1]!.next(MsgType.KICKED)).body as KickedPush;
      assert.equal(k.reason, 'device_limit');
      assert.equal(k.by?.deviceId, sixth.deviceId);
      assert.equal(k.by?.deviceName, 'the sixth');
      await devs[1]!.closed;
      for (const c of [devs[0]!, devs[2]!, devs[3]!, devs[4]!, sixth])
        assert.equal((await c.request(MsgType.HEARTBEAT)).body['error'], 0);
      const routes = await sys.stores.routes.get(p.uid);
      assert.equal(routes.length, 5);
      assert.ok(!routes.some((r) => r.deviceId === ids[1]));
    });

    it('DEVICES lists the own devices; DEVICE_REVOKE logs one out, the current one too', async () => {
      const p = await person(sys, 'owner');
      const phone = await device(p, newDeviceId('phone'), 0, 'Pixel 8');
      const laptop = await device(p, newDeviceId('laptop'), 1, 'parley CLI');
      const tablet = await device(p, newDeviceId('tablet'), 0, 'iPad');
      await tablet.close();
      for (let i = 0; i < 100 && (await sys.stores.routes.get(p.uid)).length > 2; i++)
        await new Promise((r) => setTimeout(r, 20));
      const list = await devicesOf(phone);
      const byId = new Map(list.map((d) => [d.deviceId, d]));
      assert.deepEqual(
        [...byId.keys()].sort(),
        [phone.deviceId, laptop.deviceId, tablet.deviceId, 'default'].sort(),
        'the three devices, and "default" for the token person() issued',
      );
      assert.deepEqual(
        { ...byId.get(phone.deviceId), since: 0, lastSeen: 0 },
        {
          deviceId: phone.deviceId,
          deviceName: 'Pixel 8',
          online: true,
          server: sys.chats[0]!.server.name,
          since: 0,
          lastSeen: 0,
          current: true,
        },
      );
      assert.equal(byId.get(laptop.deviceId)?.online, true);
      assert.equal(byId.get(laptop.deviceId)?.server, sys.chats[1]!.server.name);
      assert.equal(byId.get(laptop.deviceId)?.current, false);
      assert.equal(byId.get(tablet.deviceId)?.online, false);
      assert.equal(byId.get(tablet.deviceId)?.deviceName, 'iPad');
      assert.equal(byId.get(tablet.deviceId)?.server, undefined);

      // Revoke the laptop (on the other ChatServer): KICKED "revoked", by the phone; its token
      // no longer logs in.
      const r = await phone.request(MsgType.DEVICE_REVOKE, { deviceId: laptop.deviceId });
      assert.equal(r.body['error'], 0, JSON.stringify(r.body));
      assert.ok(validateBody(MsgType.DEVICE_REVOKE_RSP, r.body).ok);
      const k = (await laptop.next(MsgType.KICKED)).body as KickedPush;
      assert.equal(k.reason, 'revoked');
      assert.equal(k.by?.deviceId, phone.deviceId);
      await laptop.closed;
      const retry = await loginAs(p, laptop.deviceId, 1, { token: laptop.token });
      assert.equal(retry.r.body['error'], ErrorCode.TOKEN_INVALID);
      // An offline device is revoked too, and neither is listed any more.
      const t = await phone.request(MsgType.DEVICE_REVOKE, { deviceId: tablet.deviceId });
      assert.equal(t.body['error'], 0, JSON.stringify(t.body));
      for (let i = 0; i < 100 && (await sys.stores.routes.get(p.uid)).length > 1; i++)
        await new Promise((r) => setTimeout(r, 20));
      const ids = (await devicesOf(phone)).map((d) => d.deviceId);
      assert.ok(!ids.includes(laptop.deviceId) && !ids.includes(tablet.deviceId), String(ids));

      // Revoking the current device is a log-out: the answer, then KICKED.
      const self = await phone.request(MsgType.DEVICE_REVOKE, { deviceId: phone.deviceId });
      assert.equal(self.body['error'], 0, JSON.stringify(self.body));
      assert.equal(((await phone.next(MsgType.KICKED)).body as KickedPush).reason, 'revoked');
      await phone.closed;
    });

    it('never reaches another user’s device, and answers bad input with coded errors', async () => {
      const p = await person(sys, 'me');
      const other = await person(sys, 'other');
      const mine = await device(p, newDeviceId('mine'), 0);
      const theirs = await device(other, newDeviceId('theirs'), 1);
      const r = await mine.request(MsgType.DEVICE_REVOKE, { deviceId: theirs.deviceId });
      assert.equal(r.body['error'], ErrorCode.NOT_FOUND, JSON.stringify(r.body));
      const unknown = await mine.request(MsgType.DEVICE_REVOKE, { deviceId: 'never-seen-1' });
      assert.equal(unknown.body['error'], ErrorCode.NOT_FOUND);
      for (const deviceId of ['short', 'has space!', 'x'.repeat(65), 42, undefined]) {
        const bad = await mine.request(MsgType.DEVICE_REVOKE, { deviceId });
        assert.equal(bad.body['error'], ErrorCode.BAD_REQUEST, `${String(deviceId)}`);
      }
      // The other user's device is untouched, and so is this one.
      assert.equal((await theirs.request(MsgType.HEARTBEAT)).body['error'], 0);
      assert.equal((await mine.request(MsgType.HEARTBEAT)).body['error'], 0);
      assert.ok((await devicesOf(theirs)).some((d) => d.deviceId === theirs.deviceId));

      // LOGIN: a bad deviceId is 1001; a token bound to another device is 1010.
      const badId = await loginAs(p, 'bad id', 0);
      assert.equal(badId.r.body['error'], ErrorCode.BAD_REQUEST);
      const stolen = await loginAs(p, newDeviceId('elsewhere'), 1, { token: mine.token });
      assert.equal(stolen.r.body['error'], ErrorCode.TOKEN_INVALID);
      assert.equal((await mine.request(MsgType.HEARTBEAT)).body['error'], 0);
    });
  });
}
