// media/signed-url.ts and media/thumbnail.ts, without a server: what a signature covers, when it
// expires, and what thumbnails sharp makes of real images (made here by sharp itself). Add a row
// per URL field or image shape; the HTTP behaviour is in servers/launcher/test/media-urls-*.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { crc32 } from 'node:zlib';
import sharp from 'sharp';
import {
  isSigned,
  signedMediaPath,
  verifySignedQuery,
  type MediaGrant,
} from '../src/media/signed-url';
import { THUMB_MAX_PX, makeThumbnail, thumbName } from '../src/media/thumbnail';

const SECRET = 'k'.repeat(43);
const NOW = 1_800_000_000_000;
const grant: MediaGrant = {
  mediaId: 'AAAAAAAAAAAAAAAAAAAAAA',
  uid: '10001',
  thumb: false,
  exp: NOW + 60_000,
};

const queryOf = (path: string) => new URL(path, 'http://gate.test').searchParams;
const check = (q: URLSearchParams, now = NOW, mediaId = grant.mediaId) =>
  verifySignedQuery(SECRET, mediaId, q, now);

describe('signed media URLs', () => {
  it('round-trips a grant for the original and for the thumbnail', () => {
    for (const thumb of [false, true]) {
      const path = signedMediaPath(SECRET, { ...grant, thumb });
      assert.ok(path.startsWith(`/media/${grant.mediaId}?`));
      assert.equal(path.includes('thumb=1'), thumb);
      const q = queryOf(path);
      assert.ok(isSigned(q));
      assert.deepEqual(check(q), { ok: true, grant: { ...grant, thumb } });
    }
    assert.ok(!isSigned(queryOf('/media/x?thumb=1')));
  });

  it('refuses every edit of a signed field, another key, and a malformed query', () => {
    const q = queryOf(signedMediaPath(SECRET, grant));
    const sig = q.get('sig')!;
    const edits: [string, (p: URLSearchParams) => void][] = [
      ['uid', (p) => p.set('uid', '10002')],
      ['exp', (p) => p.set('exp', String(grant.exp + 1))],
      ['thumb added', (p) => p.set('thumb', '1')],
      ['sig first char', (p) => p.set('sig', (sig[0] === 'A' ? 'B' : 'A') + sig.slice(1))],
      // base64url's last character carries 2 unused bits: another letter that decodes to the
      // same bytes must still be refused.
      ['sig last char', (p) => p.set('sig', sig.slice(0, -1) + (sig.endsWith('A') ? 'B' : 'A'))],
      ['sig padded', (p) => p.set('sig', `${sig}=`)],
      ['sig missing', (p) => p.delete('sig')],
      ['uid missing', (p) => p.delete('uid')],
      ['uid not a uid', (p) => p.set('uid', '1 OR 1=1')],
      ['exp not a number', (p) => p.set('exp', '1e99')],
    ];
    for (const [what, edit] of edits) {
      const p = new URLSearchParams(q);
      edit(p);
      assert.equal(check(p).ok, false, what);
    }
    assert.equal(check(q, NOW, 'BBBBBBBBBBBBBBBBBBBBBB').ok, false, 'another media id');
    const foreign = queryOf(signedMediaPath('x'.repeat(43), grant));
    assert.equal(check(foreign).ok, false, 'another key');
  });

  it('expires after exp, and says so only for a genuine link', () => {
    const q = queryOf(signedMediaPath(SECRET, grant));
    assert.equal(check(q, grant.exp).ok, true, 'still valid at exp');
    assert.deepEqual(check(q, grant.exp + 1), { ok: false, reason: 'media link expired' });
    const p = new URLSearchParams(q);
    p.set('exp', String(NOW - 1));
    assert.deepEqual(check(p), { ok: false, reason: 'invalid media link' });
  });
});

const solid = (width: number, height: number, channels: 3 | 4 = 3) =>
  sharp({
    create: { width, height, channels, background: { r: 200, g: 40, b: 90, alpha: 0.5 } },
  })
    .png()
    .toBuffer();

describe('thumbnails', () => {
  const shapes: [string, number, number, number, number][] = [
    ['landscape', 1200, 800, 320, 213],
    ['portrait', 500, 1000, 160, 320],
    ['square', 321, 321, 320, 320],
    ['small, not enlarged', 64, 48, 64, 48],
  ];
  for (const [what, w, h, tw, th] of shapes) {
    it(`fits a ${what} image into ${THUMB_MAX_PX} px as WebP`, async () => {
      const thumb = await makeThumbnail(await solid(w, h));
      const meta = await sharp(thumb).metadata();
      assert.equal(meta.format, 'webp');
      assert.deepEqual([meta.width, meta.height], [tw, th]);
    });
  }

  it('keeps transparency and reads JPEG, GIF and WebP too', async () => {
    const alpha = await sharp(await makeThumbnail(await solid(400, 400, 4))).metadata();
    assert.equal(alpha.hasAlpha, true);
    const base = sharp(await solid(640, 480));
    for (const input of [
      await base.clone().jpeg().toBuffer(),
      await base.clone().gif().toBuffer(),
      await base.clone().webp().toBuffer(),
    ]) {
      const meta = await sharp(await makeThumbnail(input)).metadata();
      assert.deepEqual([meta.width, meta.height], [320, 240]);
    }
  });

  it('rejects what it cannot decode, and images over the pixel limit', async () => {
    const png = await solid(32, 32);
    await assert.rejects(makeThumbnail(png.subarray(0, 40)), 'truncated');
    await assert.rejects(makeThumbnail(Buffer.concat([png.subarray(0, 8), Buffer.alloc(500, 7)])));
    // A header claiming 10 000 × 10 000 (100 MP, a classic decompression bomb) over a tiny
    // body: refused from the header, before anything is decoded.
    const huge = Buffer.from(png);
    huge.writeUInt32BE(10_000, 16);
    huge.writeUInt32BE(10_000, 20);
    huge.writeUInt32BE(crc32(huge.subarray(12, 29)), 29); // IHDR's CRC over type and data
    await assert.rejects(makeThumbnail(huge), /pixel limit/i);
  });

  it('names a saved thumbnail .webp', () => {
    assert.equal(thumbName('cat.png'), 'cat.webp');
    assert.equal(thumbName('archive.tar.gz'), 'archive.tar.webp');
    assert.equal(thumbName('noext'), 'noext.webp');
    assert.equal(thumbName('.hidden'), '.hidden.webp');
  });
});
