// Media in the client core (PROTOCOL.md §7, issue 5): uploads through POST /api/media with the
// bearer token and a percent-encoded name, the kind taken from the mime the gate sniffed, 413 and
// network failures as readable errors with a retry that re-uploads only when needed, and the
// download cache (one fetch per media, thumbnails falling back to the original).
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { MsgType } from '@parley/proto';
import { kindForMime, MediaCache, MediaError, uploadMedia } from '../lib/chat/media';
import { ready, startClient, stopClients } from './helpers/clients';
import { FakeChat, until } from './helpers/fake-chat';
import { FakeGate, PNG_BYTES, WEBM_BYTES } from './helpers/fake-gate';

afterEach(stopClients);

const blob = (bytes: Uint8Array<ArrayBuffer>, type = '') => new Blob([bytes], { type });

describe('uploadMedia', () => {
  it('posts the bytes with the bearer token, the type hint and the name percent-encoded', async () => {
    const gate = new FakeGate();
    const info = await uploadMedia(
      { token: 'good', fetch: gate.fetch },
      blob(PNG_BYTES, 'image/png'),
      '照片 1.png',
    );
    const r = gate.requests[0]!;
    assert.equal(r.method, 'POST');
    assert.equal(r.url, '/api/media');
    assert.equal(r.headers['authorization'], 'Bearer good');
    assert.equal(r.headers['content-type'], 'image/png');
    assert.equal(r.headers['x-file-name'], encodeURIComponent('照片 1.png'));
    assert.equal(r.size, PNG_BYTES.length);
    assert.equal(info.mime, 'image/png');
    assert.equal(info.name, '照片 1.png');
  });

  it('413 becomes a clear message with the gate’s limit; no network is status 0', async () => {
    const gate = new FakeGate();
    gate.limit = 4;
    await assert.rejects(
      uploadMedia({ token: 'good', fetch: gate.fetch }, blob(PNG_BYTES), 'big.png'),
      (err: unknown) =>
        err instanceof MediaError &&
        err.status === 413 &&
        err.code === 1001 &&
        err.message === 'Too large to send: upload is over the 4 bytes image limit.',
    );
    gate.offline = true;
    await assert.rejects(
      uploadMedia({ token: 'good', fetch: gate.fetch }, blob(PNG_BYTES), 'a.png'),
      (err: unknown) => err instanceof MediaError && err.status === 0,
    );
  });
});

describe('kindForMime', () => {
  it('follows the sniffed mime, never the file name', () => {
    assert.equal(kindForMime('image/png', false), 'image');
    assert.equal(kindForMime('application/octet-stream', false), 'file');
    assert.equal(kindForMime('audio/webm', true), 'voice');
    // An audio file attached (not recorded) goes as a file; a recording that is not audio too.
    assert.equal(kindForMime('audio/mpeg', false), 'file');
    assert.equal(kindForMime('application/octet-stream', true), 'file');
  });
});

describe('MediaCache', () => {
  const cache = (gate: FakeGate) => {
    let n = 0;
    const revoked: string[] = [];
    const c = new MediaCache({
      token: 'good',
      fetch: gate.fetch,
      createObjectURL: () => `blob:${String(++n)}`,
      revokeObjectURL: (u) => revoked.push(u),
    });
    return { c, revoked };
  };

  it('fetches each media once, sharing concurrent asks, with the bearer token', async () => {
    const gate = new FakeGate();
    const { mediaId } = await uploadMedia(
      { token: 'good', fetch: gate.fetch },
      blob(PNG_BYTES),
      'a.png',
    );
    const { c, revoked } = cache(gate);
    const [u1, u2] = await Promise.all([c.url(mediaId), c.url(mediaId)]);
    assert.equal(u1, u2);
    assert.equal(c.peek(mediaId), u1);
    const gets = gate.requests.filter((r) => r.method === 'GET');
    assert.equal(gets.length, 1);
    assert.equal(gets[0]?.headers['authorization'], 'Bearer good');
    c.drop(mediaId);
    assert.deepEqual(revoked, [u1]);
    assert.equal(c.peek(mediaId), undefined);
  });

  it('a thumbnail falls back to the original; a refusal is not cached', async () => {
    const gate = new FakeGate();
    const { mediaId } = await uploadMedia(
      { token: 'good', fetch: gate.fetch },
      blob(PNG_BYTES),
      'a.png',
    );
    gate.noThumbs = true;
    const { c } = cache(gate);
    const b = await c.blob(mediaId, 'thumb');
    assert.equal(b.size, PNG_BYTES.length);
    assert.deepEqual(
      gate.requests.filter((r) => r.method === 'GET').map((r) => r.url),
      [`/api/media/${mediaId}?thumb=1`, `/api/media/${mediaId}`],
    );
    await assert.rejects(
      c.blob('nope'),
      (e: unknown) => e instanceof MediaError && e.status === 404,
    );
    await assert.rejects(c.blob('nope'));
    assert.equal(gate.requests.filter((r) => r.url === '/api/media/nope').length, 2);
  });

  it('seeded bytes (own uploads) are never downloaded', async () => {
    const gate = new FakeGate();
    const { c } = cache(gate);
    c.seed('mine', blob(PNG_BYTES));
    assert.equal((await c.blob('mine', 'thumb')).size, PNG_BYTES.length);
    assert.equal(gate.requests.length, 0);
  });
});

describe('media sends (client core)', () => {
  async function setup() {
    const fake = new FakeChat();
    const gate = new FakeGate();
    fake.gate = gate;
    const c = startClient(fake, gate);
    await until(ready(c));
    return { fake, gate, c };
  }
  const pending = (c: ReturnType<typeof startClient>) => c.store.thread('d_1_2').pending;
  const items = (c: ReturnType<typeof startClient>) => c.store.thread('d_1_2').items;

  it('uploads, then sends SEND_MSG with the sniffed kind and mediaId; the bytes are cached', async () => {
    const { fake, gate, c } = await setup();
    c.sendFile('d_1_2', blob(PNG_BYTES, 'image/png'), 'dot.png');
    assert.equal(pending(c)[0]?.status, 'uploading');
    assert.equal(pending(c)[0]?.kind, 'image');
    await until(() => items(c).length === 1, 2_000, 'stored');
    const sent = fake.sentOf(MsgType.SEND_MSG)[0];
    assert.equal(sent?.['kind'], 'image');
    assert.equal(typeof sent?.['mediaId'], 'string');
    assert.equal(sent?.['text'], undefined);
    assert.equal(items(c)[0]?.media?.name, 'dot.png');
    assert.equal(pending(c).length, 0);
    await c.media.blob(String(sent?.['mediaId']));
    assert.equal(gate.requests.filter((r) => r.method === 'GET').length, 0);
  });

  it('a ".png" whose bytes are not an image goes as a file', async () => {
    const { fake, c } = await setup();
    c.sendFile('d_1_2', blob(new Uint8Array([0x4d, 0x5a, 0, 0]), 'image/png'), 'not-really.png');
    await until(() => items(c).length === 1);
    assert.equal(fake.sentOf(MsgType.SEND_MSG)[0]?.['kind'], 'file');
    assert.equal(items(c)[0]?.kind, 'file');
  });

  it('a recording goes as voice with its length known without a download', async () => {
    const { fake, c } = await setup();
    c.sendVoice('d_1_2', blob(WEBM_BYTES, 'audio/webm;codecs=opus'), 2_300, 'voice.webm');
    await until(() => items(c).length === 1);
    const sent = fake.sentOf(MsgType.SEND_MSG)[0];
    assert.equal(sent?.['kind'], 'voice');
    assert.equal(c.media.duration(String(sent?.['mediaId'])), 2_300);
  });

  it('413 fails the send with the gate’s reason; a retry uploads again', async () => {
    const { fake, gate, c } = await setup();
    gate.limit = 4;
    c.sendFile('d_1_2', blob(PNG_BYTES, 'image/png'), 'big.png');
    await until(() => pending(c)[0]?.status === 'failed', 2_000, 'failed');
    assert.match(pending(c)[0]?.error ?? '', /^Too large to send: upload is over the 4 bytes/);
    assert.equal(fake.sentOf(MsgType.SEND_MSG).length, 0);
    gate.limit = null;
    c.retry('d_1_2', pending(c)[0]!.clientMsgId);
    await until(() => items(c).length === 1, 2_000, 'stored after retry');
    assert.equal(gate.requests.filter((r) => r.method === 'POST').length, 2);
  });

  it('when only SEND_MSG failed, a retry reuses the upload and the clientMsgId', async () => {
    const { fake, gate, c } = await setup();
    fake.failNextSend = 1013;
    c.sendFile('d_1_2', blob(PNG_BYTES, 'image/png'), 'a.png');
    await until(() => pending(c)[0]?.status === 'failed');
    const p = pending(c)[0]!;
    assert.ok(p.mediaId);
    c.retry('d_1_2', p.clientMsgId);
    await until(() => items(c).length === 1);
    assert.equal(gate.requests.filter((r) => r.method === 'POST').length, 1);
    const ids = fake.sentOf(MsgType.SEND_MSG).map((b) => [b['clientMsgId'], b['mediaId']]);
    assert.deepEqual(ids, [
      [p.clientMsgId, p.mediaId],
      [p.clientMsgId, p.mediaId],
    ]);
  });
});
