// Issue 5 (media) over real HTTP and TCP: POST /media and GET /media/<id> on GateServer, image /
// file / voice messages through two ChatServers. Run by media.test.ts (embedded: memory stores +
// SQLite + in-process peer hub) and media.integration.test.ts (cluster: Redis + MariaDB + gRPC).
// Upload limits are small here (64 KB images, 256 KB files, 32 KB voice: system.ts).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { ErrorCode, MediaUploadResponse, MsgType } from '@parley/proto';
import type { ChatClient } from '@parley/chat';
import { startSystem, type Mode, type TestSystem } from './system';
import { collect, person, type Person, friendsAcross, withSystem } from './people';
import { download, elf, ogg, png, storedFiles, upload, webm, type Reply } from './media';

interface WireMedia {
  mediaId: string;
  url: string;
  name: string;
  mime: string;
  size: number;
}
interface WireMessage {
  seq: number;
  kind: string;
  text?: string;
  media?: WireMedia;
}

const KB = 1024;

export function mediaSuite(mode: Mode): void {
  describe(`media (${mode} mode)`, () => {
    let sys: TestSystem;
    const { on } = withSystem({ mode, chatServers: 2 }, (s) => (sys = s));

    const pair = () => friendsAcross(sys, on);

    async function uploaded(p: Person, bytes: Buffer, type: string, name: string) {
      const r = await upload(sys.gateUrl, p.token, bytes, { type, name });
      assert.equal(r.status, 201, r.body.toString());
      // The contract package's schema for the answer (the web app checks it the same way).
      return MediaUploadResponse.parse(r.json());
    }

    const send = (c: ChatClient, conv: string, kind: string, mediaId: string, extra = {}) =>
      c.request(MsgType.SEND_MSG, {
        conversationId: conv,
        clientMsgId: randomBytes(6).toString('hex'),
        kind,
        mediaId,
        ...extra,
      });

    const errorOf = (r: Reply) => r.json()['error'];

    it('uploads a PNG, sends it as an image across ChatServers, and the friend downloads it', async () => {
      const { a, b, ca, cb, conv } = await pair();
      const bytes = png(3, 2);
      const up = await uploaded(a, bytes, 'image/png', 'cat.png');
      assert.equal(up.error, 0);
      assert.match(up.mediaId, /^[A-Za-z0-9_-]{22}$/, '128 random bits, url-safe');
      const media: WireMedia = {
        mediaId: up.mediaId,
        url: `/media/${up.mediaId}`,
        name: 'cat.png',
        mime: 'image/png',
        size: bytes.length,
      };
      // §7's fields, plus Parley's signed URLs (media-urls-suite.ts tests those).
      const {
        error: _ok,
        signedUrl,
        thumbUrl,
        expiresAt,
        ...rest
      } = up as typeof up & {
        signedUrl: string;
        thumbUrl: string;
        expiresAt: number;
      };
      assert.deepEqual(rest, media);
      assert.ok(signedUrl.startsWith(`${media.url}?`) && thumbUrl.includes('thumb=1'));
      assert.ok(expiresAt > Date.now());

      const r = await send(ca, conv, 'image', up.mediaId, {
        clientMsgId: 'img-1',
        text: 'look',
      });
      assert.equal(r.body['error'], 0, JSON.stringify(r.body));
      const sent = r.body['message'] as WireMessage;
      assert.equal(sent.kind, 'image');
      assert.equal(sent.text, 'look');
      assert.deepEqual(sent.media, media);

      const [got] = (await collect(cb, 1)) as unknown as WireMessage[];
      assert.equal(got!.kind, 'image');
      assert.deepEqual(got!.media, media, 'MSG_NOTIFY carries media');

      const d = await download(sys.gateUrl, b.token, up.mediaId);
      assert.equal(d.status, 200);
      assert.deepEqual(d.body, bytes, 'the exact bytes');
      assert.equal(d.headers['content-type'], 'image/png');
      assert.equal(d.headers['content-length'], String(bytes.length));
      assert.match(String(d.headers['content-disposition']), /^inline; filename="cat\.png"/);
      assert.equal(d.headers['x-content-type-options'], 'nosniff');
      assert.equal(d.headers['content-security-policy'], "default-src 'none'; sandbox");
      assert.match(String(d.headers['cache-control']), /\bprivate\b/);
      const own = await download(sys.gateUrl, a.token, up.mediaId);
      assert.equal(own.status, 200, 'the uploader may fetch it too');

      // Every path that produces a Message carries media: a repeated send, HISTORY,
      // CONVERSATIONS and the backlog after login.
      const again = await send(ca, conv, 'image', up.mediaId, { clientMsgId: 'img-1' });
      assert.deepEqual((again.body['message'] as WireMessage).media, media);
      const h = await cb.request(MsgType.HISTORY, { conversationId: conv });
      assert.deepEqual((h.body['messages'] as WireMessage[]).at(-1)?.media, media);
      const convs = (await cb.request(MsgType.CONVERSATIONS)).body['conversations'] as {
        conversationId: string;
        lastMessage?: WireMessage;
      }[];
      assert.deepEqual(convs.find((c) => c.conversationId === conv)?.lastMessage?.media, media);
      cb.socket.destroy();
      await new Promise((res) => setTimeout(res, 100));
      const cb2 = await on(sys, b, 0);
      const [backlog] = (await collect(cb2, 1)) as unknown as WireMessage[];
      assert.deepEqual(backlog!.media, media, 'the backlog after LOGIN carries media');
    });

    it('hides media from a non-member: 404 for the bytes, 1012 for the conversation', async () => {
      const { a, ca, conv } = await pair();
      const up = await uploaded(a, png(), 'image/png', 'private.png');
      assert.equal((await send(ca, conv, 'image', up.mediaId)).body['error'], 0);
      const c = await person(sys, 'c');
      const cc = await on(sys, c, 1);
      const d = await download(sys.gateUrl, c.token, up.mediaId);
      assert.equal(d.status, 404);
      const unknown = await download(sys.gateUrl, c.token, randomBytes(16).toString('base64url'));
      assert.equal(unknown.status, 404);
      // Forbidden and unknown answer exactly alike: no existence leak.
      assert.deepEqual(d.json(), unknown.json());
      assert.equal(errorOf(d), ErrorCode.NOT_FOUND);
      assert.equal((await download(sys.gateUrl, c.token, '..%2f..%2fetc')).status, 404);
      const h = await cc.request(MsgType.HISTORY, { conversationId: conv });
      assert.equal(h.body['error'], ErrorCode.FORBIDDEN);
    });

    it('stops serving a group’s media to a member who left (404), not to the uploader', async () => {
      const { a, b, ca, cb } = await pair();
      const g = await ca.request(MsgType.GROUP_CREATE, { name: 'pics', memberUids: [b.uid] });
      assert.equal(g.body['error'], 0, JSON.stringify(g.body));
      const group = g.body['group'] as { groupId: string; conversationId: string };
      const up = await uploaded(a, png(), 'image/png', 'group.png');
      assert.equal((await send(ca, group.conversationId, 'image', up.mediaId)).body['error'], 0);
      await collect(cb, 1);
      assert.equal((await download(sys.gateUrl, b.token, up.mediaId)).status, 200);
      const left = await cb.request(MsgType.GROUP_LEAVE, { groupId: group.groupId });
      assert.equal(left.body['error'], 0, JSON.stringify(left.body));
      const gone = await download(sys.gateUrl, b.token, up.mediaId);
      assert.equal(gone.status, 404);
      assert.equal(errorOf(gone), ErrorCode.NOT_FOUND);
      assert.equal((await download(sys.gateUrl, a.token, up.mediaId)).status, 200);
    });

    it('refuses uploads and downloads without a valid token (401)', async () => {
      const a = await person(sys);
      const up = await uploaded(a, png(), 'image/png', 'x.png');
      for (const token of [null, 'forged-token']) {
        const u = await upload(sys.gateUrl, token, png(), { type: 'image/png' });
        assert.equal(u.status, 401);
        assert.equal(errorOf(u), ErrorCode.TOKEN_INVALID);
        const d = await download(sys.gateUrl, token, up.mediaId);
        assert.equal(d.status, 401);
        assert.equal(errorOf(d), ErrorCode.TOKEN_INVALID);
      }
    });

    it('refuses an upload over its kind’s limit with 413 and stores nothing', async () => {
      const a = await person(sys);
      const before = storedFiles(sys.mediaDir);
      const count = () => sys.db.prisma.media.count({ where: { uploaderId: Number(a.uid) } });
      const big = png(2, 2, 64 * KB);
      // Declared Content-Length: refused as soon as the sniffed kind is known.
      const declared = await upload(sys.gateUrl, a.token, big, { type: 'image/png' });
      assert.equal(declared.status, 413);
      assert.deepEqual(declared.json(), {
        error: ErrorCode.BAD_REQUEST,
        message: 'upload is over the 64 KB image limit',
      });
      // Chunked, size unknown up front: counted while streaming, aborted when it passes the limit.
      const pieces = Array.from({ length: 11 }, (_, i) =>
        big.subarray(i * 6 * KB, (i + 1) * 6 * KB),
      );
      const streamed = await upload(sys.gateUrl, a.token, pieces, { type: 'image/png' });
      assert.equal(streamed.status, 413);
      assert.match(streamed.json()['message'] as string, /over the 64 KB image limit/);
      // The same 40 KB of WebM is too big as voice (32 KB) but fine as a file (256 KB).
      const voice = await upload(sys.gateUrl, a.token, webm(40 * KB), { type: 'audio/webm' });
      assert.equal(voice.status, 413);
      assert.match(voice.json()['message'] as string, /over the 32 KB voice limit/);
      const overall = await upload(sys.gateUrl, a.token, Buffer.alloc(300 * KB, 1), {});
      assert.equal(overall.status, 413);
      await new Promise((res) => setTimeout(res, 50));
      assert.deepEqual(storedFiles(sys.mediaDir), before, 'no object and no partial file left');
      assert.equal(await count(), 0);
      const asFile = await uploaded(a, webm(40 * KB), 'video/webm', 'clip.webm');
      assert.equal(asFile.mime, 'application/octet-stream');
      assert.equal(asFile.size, 40 * KB);
      assert.equal(await count(), 1);
      assert.equal(storedFiles(sys.mediaDir).length, before.length + 1);
      // The limit itself is allowed: exactly 32 KB of voice.
      const atLimit = await uploaded(a, webm(32 * KB), 'audio/webm', 'note.webm');
      assert.equal(atLimit.mime, 'audio/webm');
      assert.equal(atLimit.size, 32 * KB);
    });

    it('stores an executable named .png as application/octet-stream and never as an image', async () => {
      const { a, b, ca, cb, conv } = await pair();
      const up = await uploaded(a, elf(), 'image/png', 'evil.png');
      assert.equal(up.mime, 'application/octet-stream');
      assert.equal(up.name, 'evil.png');
      const d = await download(sys.gateUrl, a.token, up.mediaId);
      assert.equal(d.status, 200);
      assert.equal(d.headers['content-type'], 'application/octet-stream');
      assert.match(String(d.headers['content-disposition']), /^attachment; filename="evil\.png"/);
      assert.equal(d.headers['x-content-type-options'], 'nosniff');
      const asImage = await send(ca, conv, 'image', up.mediaId);
      assert.equal(asImage.body['error'], ErrorCode.BAD_REQUEST);
      assert.match(asImage.body['message'] as string, /image/);
      const asFile = await send(ca, conv, 'file', up.mediaId);
      assert.equal(asFile.body['error'], 0, 'anything may travel as a file');
      const [got] = (await collect(cb, 1)) as unknown as WireMessage[];
      assert.equal(got!.kind, 'file');
      assert.equal(got!.media?.mime, 'application/octet-stream');
      assert.equal((await download(sys.gateUrl, b.token, up.mediaId)).status, 200);
    });

    it('sends voice only with audio, and only the uploader’s own media (1007)', async () => {
      const { a, b, ca, cb, conv } = await pair();
      const note = await uploaded(a, ogg(), 'audio/ogg; codecs=opus', 'note.ogg');
      assert.equal(note.mime, 'audio/ogg');
      const v = await send(ca, conv, 'voice', note.mediaId);
      assert.equal(v.body['error'], 0, JSON.stringify(v.body));
      assert.equal((v.body['message'] as WireMessage).text, undefined, 'no caption, no text');
      assert.equal((await collect(cb, 1))[0]?.seq, 1);
      assert.equal((await send(ca, conv, 'image', note.mediaId)).body['error'], 1001);
      const pic = await uploaded(a, png(), 'image/png', 'p.png');
      assert.equal((await send(ca, conv, 'voice', pic.mediaId)).body['error'], 1001);
      assert.equal((await send(ca, conv, 'file', pic.mediaId)).body['error'], 0);
      // B may not send A's upload, even into their shared conversation.
      const stolen = await send(cb, conv, 'image', pic.mediaId);
      assert.equal(stolen.body['error'], ErrorCode.NOT_FOUND);
      const unknown = await send(ca, conv, 'image', randomBytes(16).toString('base64url'));
      assert.equal(unknown.body['error'], ErrorCode.NOT_FOUND);
      // Ogg bytes not declared as audio are a plain file.
      const plain = await uploaded(b, ogg(), 'application/octet-stream', 'x.ogg');
      assert.equal(plain.mime, 'application/octet-stream');
    });

    it('answers 404 for an unknown mediaId and keeps file names to a plain, bounded name', async () => {
      const a = await person(sys);
      const d = await download(sys.gateUrl, a.token, randomBytes(16).toString('base64url'));
      assert.equal(d.status, 404);
      assert.equal(errorOf(d), ErrorCode.NOT_FOUND);
      const empty = await upload(sys.gateUrl, a.token, Buffer.alloc(0), { name: 'empty.txt' });
      assert.equal(empty.status, 400);
      assert.equal(errorOf(empty), ErrorCode.BAD_REQUEST);
      const names: [string | undefined, string][] = [
        [undefined, 'file'],
        ['../../etc/passwd', 'passwd'],
        ['C:\\Users\\me\\photo.png', 'photo.png'],
        ['%E7%8C%AB.png', '猫.png'],
        ['...', 'file'],
        [`${'n'.repeat(300)}.png`, `${'n'.repeat(116)}.png`],
      ];
      for (const [raw, want] of names) {
        const up = await uploaded(a, png(), 'image/png', raw as string);
        assert.equal(up.name, want, `X-File-Name ${raw}`);
      }
      const up = await uploaded(a, png(), 'image/png', '%E7%8C%AB%22.png');
      const g = await download(sys.gateUrl, a.token, up.mediaId);
      assert.equal(
        g.headers['content-disposition'],
        `inline; filename="__.png"; filename*=UTF-8''%E7%8C%AB%22.png`,
      );
    });

    it('rate-limits uploads per user with 429 / 1013', async () => {
      const strict = await startSystem({
        mode,
        chatServers: 0,
        share: sys,
        limits: { mediaUploadsPerUserMinute: { limit: 2, windowMs: 60_000 } },
      });
      try {
        const a = await person(sys);
        for (let i = 0; i < 2; i++)
          assert.equal((await upload(strict.gateUrl, a.token, png(), {})).status, 201);
        const r = await upload(strict.gateUrl, a.token, png(), {});
        assert.equal(r.status, 429);
        assert.equal(errorOf(r), ErrorCode.RATE_LIMITED);
        assert.ok((r.json()['retryAfterMs'] as number) > 0);
        const other = await person(sys);
        assert.equal((await upload(strict.gateUrl, other.token, png(), {})).status, 201);
      } finally {
        await strict.close();
      }
    });
  });
}
