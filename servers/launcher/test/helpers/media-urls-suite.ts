// Issue 5 (media for the browser) over real HTTP: image thumbnails at `GET /media/<id>?thumb=1`
// and short-lived signed URLs (PROTOCOL.md §7 "or a short-lived signed URL") minted by
// `POST /media/<id>/url`, both behind the same access check as the bytes. Run by
// media-urls.test.ts (embedded) and media-urls.integration.test.ts (cluster). Images may be 1 MB
// here, so a real 640×400 PNG fits.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { ErrorCode, MsgType } from '@parley/proto';
import { signedMediaPath } from '@parley/gate';
import { startSystem, type Mode, type TestSystem } from './system';
import { collect, person, type Person, friendsAcross, withSystem } from './people';
import {
  download,
  elf,
  fetchPath,
  http,
  mintUrls,
  png,
  upload,
  webpSize,
  type Reply,
} from './media';

const MINUTE = 60_000;

interface Uploaded {
  mediaId: string;
  mime: string;
  signedUrl: string;
  thumbUrl?: string;
  expiresAt: number;
}

export function mediaUrlsSuite(mode: Mode): void {
  describe(`media thumbnails and signed URLs (${mode} mode)`, () => {
    let sys: TestSystem;
    const { on } = withSystem(
      { mode, chatServers: 2, media: { image: 1024 * 1024 } },
      (s) => (sys = s),
    );

    const pair = () => friendsAcross(sys, on);

    async function uploaded(p: Person, bytes: Buffer, name: string): Promise<Uploaded> {
      const r = await upload(sys.gateUrl, p.token, bytes, { name });
      assert.equal(r.status, 201, r.body.toString());
      return r.json() as unknown as Uploaded;
    }

    /** A uploads `bytes` and sends them to B as `kind`; B has received the message. */
    async function shared(bytes: Buffer, name: string, kind = 'image') {
      const p = await pair();
      const up = await uploaded(p.a, bytes, name);
      const r = await p.ca.request(MsgType.SEND_MSG, {
        conversationId: p.conv,
        clientMsgId: randomBytes(6).toString('hex'),
        kind,
        mediaId: up.mediaId,
      });
      assert.equal(r.body['error'], 0, JSON.stringify(r.body));
      await collect(p.cb, 1);
      return { ...p, up };
    }

    const thumbOf = (token: string, mediaId: string) =>
      http(sys.gateUrl, {
        method: 'GET',
        path: `/media/${mediaId}?thumb=1`,
        headers: { authorization: `Bearer ${token}` },
      });

    const assertThumb = (r: Reply, width: number, height: number) => {
      assert.equal(r.status, 200, r.body.toString());
      assert.equal(r.headers['content-type'], 'image/webp');
      assert.deepEqual(webpSize(r.body), { width, height });
      assert.ok(Math.max(width, height) <= 320);
    };

    const forbidden = (r: Reply, what: string) => {
      assert.equal(r.status, 403, `${what}: ${r.body.toString()}`);
      assert.equal(r.json()['error'], ErrorCode.FORBIDDEN, what);
    };

    it('makes a WebP thumbnail of at most 320 px of an image upload, served at ?thumb=1 to its readers', async () => {
      const original = png(640, 400);
      const { a, b, up } = await shared(original, 'wide.png');
      const t = await thumbOf(b.token, up.mediaId);
      assertThumb(t, 320, 200);
      assert.ok(t.body.length < original.length / 4, 'much smaller than the original');
      assert.match(String(t.headers['content-disposition']), /^inline; filename="wide\.webp"/);
      assert.equal(t.headers['x-content-type-options'], 'nosniff');
      assertThumb(await thumbOf(a.token, up.mediaId), 320, 200);
      // The original is unchanged at the plain URL.
      const d = await download(sys.gateUrl, b.token, up.mediaId);
      assert.deepEqual(d.body, original);
      // A revalidation of the thumbnail is answered by its own ETag.
      const again = await http(sys.gateUrl, {
        method: 'GET',
        path: `/media/${up.mediaId}?thumb=1`,
        headers: {
          authorization: `Bearer ${b.token}`,
          'if-none-match': String(t.headers['etag']),
        },
      });
      assert.equal(again.status, 304);
      assert.notEqual(t.headers['etag'], d.headers['etag']);

      // Portrait images are bounded by their height; small ones are not enlarged.
      assertThumb(
        await thumbOf(a.token, (await uploaded(a, png(200, 640), 'tall.png')).mediaId),
        100,
        320,
      );
      assertThumb(
        await thumbOf(a.token, (await uploaded(a, png(40, 30), 'tiny.png')).mediaId),
        40,
        30,
      );

      // Same access check as the bytes: a stranger gets the 404 of an unknown id.
      const c = await person(sys, 'c');
      const denied = await thumbOf(c.token, up.mediaId);
      const unknown = await thumbOf(c.token, randomBytes(16).toString('base64url'));
      assert.equal(denied.status, 404);
      assert.deepEqual(denied.json(), unknown.json());
    });

    it('serves the original at ?thumb=1 when no thumbnail could be made, and for non-images', async () => {
      // PNG magic and then garbage: sniffed as an image, but nothing can decode it.
      const weird = Buffer.concat([png(1, 1).subarray(0, 8), randomBytes(2_000)]);
      const { b, up } = await shared(weird, 'weird.png');
      assert.equal(up.mime, 'image/png');
      const row = await sys.db.prisma.media.findUnique({ where: { id: up.mediaId } });
      assert.equal(row?.thumbKey, null, 'no thumbnail stored');
      const t = await thumbOf(b.token, up.mediaId);
      assert.equal(t.status, 200);
      assert.equal(t.headers['content-type'], 'image/png');
      assert.deepEqual(t.body, weird, 'the original bytes');

      const file = await shared(elf(), 'tool.png', 'file');
      assert.equal(file.up.thumbUrl, undefined, 'no thumbnail URL for a file');
      const f = await thumbOf(file.b.token, file.up.mediaId);
      assert.equal(f.status, 200);
      assert.equal(f.headers['content-type'], 'application/octet-stream');
      assert.match(String(f.headers['content-disposition']), /^attachment/);
      assert.deepEqual(f.body, elf());
    });

    it('mints signed URLs that load without a header: the original and the thumbnail', async () => {
      const original = png(640, 400);
      const { a, b, up } = await shared(original, 'signed.png');
      // The upload's response already carries the uploader's own.
      assert.match(up.signedUrl, new RegExp(`^/media/${up.mediaId}\\?uid=${a.uid}&exp=\\d+&sig=`));
      assert.ok(Math.abs(up.expiresAt - (Date.now() + 10 * MINUTE)) < MINUTE);
      assert.deepEqual((await fetchPath(sys.gateUrl, up.signedUrl)).body, original);

      const m = await mintUrls(sys.gateUrl, b.token, up.mediaId);
      assert.equal(m.status, 200, m.body.toString());
      const body = m.json() as { error: number; url: string; thumbUrl?: string; expiresAt: number };
      assert.equal(body.error, 0);
      assert.ok(Math.abs(body.expiresAt - (Date.now() + 10 * MINUTE)) < MINUTE, '10 minutes');
      assert.match(
        body.url,
        new RegExp(`^/media/${up.mediaId}\\?uid=${b.uid}&exp=${body.expiresAt}&sig=[\\w-]{43}$`),
      );
      const got = await fetchPath(sys.gateUrl, body.url);
      assert.equal(got.status, 200);
      assert.equal(got.headers['content-type'], 'image/png');
      assert.deepEqual(got.body, original);
      assert.ok(body.thumbUrl, 'images get a thumbnail URL');
      assertThumb(await fetchPath(sys.gateUrl, body.thumbUrl), 320, 200);
      // The uploader may mint for media not sent anywhere yet.
      const own = await uploaded(a, png(), 'unsent.png');
      assert.equal((await mintUrls(sys.gateUrl, a.token, own.mediaId)).status, 200);
    });

    it('refuses expired, edited and forged signed URLs with 403 (1012)', async () => {
      const { a, b, up } = await shared(png(), 'guarded.png');
      const url = (await mintUrls(sys.gateUrl, b.token, up.mediaId)).json()['url'] as string;
      assert.equal((await fetchPath(sys.gateUrl, url)).status, 200);
      const q = new URL(url, sys.gateUrl).searchParams;
      const edited = (change: (p: URLSearchParams) => void) => {
        const p = new URLSearchParams(q);
        change(p);
        return `/media/${up.mediaId}?${p.toString()}`;
      };
      const sig = q.get('sig')!;
      const cases: [string, string][] = [
        ['another uid', edited((p) => p.set('uid', a.uid))],
        ['a later expiry', edited((p) => p.set('exp', String(Number(p.get('exp')) + 60_000)))],
        ['the thumbnail flag', edited((p) => p.set('thumb', '1'))],
        [
          'another signature',
          edited((p) => p.set('sig', (sig[0] === 'A' ? 'B' : 'A') + sig.slice(1))),
        ],
        ['no uid', edited((p) => p.delete('uid'))],
        ['another media', url.replace(up.mediaId, randomBytes(16).toString('base64url'))],
        [
          'another key',
          signedMediaPath(randomBytes(32).toString('base64url'), {
            mediaId: up.mediaId,
            uid: b.uid,
            thumb: false,
            exp: Date.now() + MINUTE,
          }),
        ],
        [
          'an expired link',
          signedMediaPath(sys.mediaUrlSecret, {
            mediaId: up.mediaId,
            uid: b.uid,
            thumb: false,
            exp: Date.now() - 1,
          }),
        ],
      ];
      for (const [what, path] of cases) forbidden(await fetchPath(sys.gateUrl, path), what);

      // MEDIA_URL_TTL_MS reaches the gate: one minting 300 ms links, on the same key.
      const short = await startSystem({ mode, chatServers: 0, share: sys, mediaUrlTtlMs: 300 });
      try {
        const brief = (await mintUrls(short.gateUrl, b.token, up.mediaId)).json();
        assert.ok((brief['expiresAt'] as number) <= Date.now() + 300);
        assert.equal((await fetchPath(sys.gateUrl, brief['url'] as string)).status, 200);
        await new Promise((r) => setTimeout(r, 400));
        forbidden(await fetchPath(sys.gateUrl, brief['url'] as string), 'after its lifetime');
      } finally {
        await short.close();
      }
    });

    it('mints only for readers: a stranger gets the same 404 as for an unknown id', async () => {
      const { a, up } = await shared(png(), 'mine.png');
      const c = await person(sys, 'c');
      const denied = await mintUrls(sys.gateUrl, c.token, up.mediaId);
      const unknown = await mintUrls(sys.gateUrl, c.token, randomBytes(16).toString('base64url'));
      assert.equal(denied.status, 404);
      assert.equal(denied.json()['error'], ErrorCode.NOT_FOUND);
      assert.deepEqual(denied.json(), unknown.json(), 'no existence leak');
      assert.equal((await mintUrls(sys.gateUrl, c.token, '..%2fetc')).status, 404);
      const anonymous = await mintUrls(sys.gateUrl, null, up.mediaId);
      assert.equal(anonymous.status, 401);
      assert.equal(anonymous.json()['error'], ErrorCode.TOKEN_INVALID);
      const wrongMethod = await http(sys.gateUrl, {
        method: 'GET',
        path: `/media/${up.mediaId}/url`,
        headers: { authorization: `Bearer ${a.token}` },
      });
      assert.equal(wrongMethod.status, 405);
    });
  });
}
