// media/sniff.ts and media/names.ts, table-driven: every recognised magic number, the formats
// that must never become images, and hostile file names. Add a row per new format or name rule.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sniff } from '../src/media/sniff';
import { contentDisposition, isMediaId, newMediaId, sanitizeName } from '../src/media/names';

const bytes = (...parts: (number[] | string)[]): Uint8Array =>
  Uint8Array.from(
    parts.flatMap((p) => (typeof p === 'string' ? Array.from(p, (c) => c.charCodeAt(0)) : p)),
  );
const pad = (b: Uint8Array, n = 64): Uint8Array => {
  const out = new Uint8Array(Math.max(n, b.length));
  out.set(b);
  return out;
};

const BMP = (() => {
  const b = pad(bytes('BM'));
  new DataView(b.buffer).setUint32(14, 40, true); // BITMAPINFOHEADER
  return b;
})();

describe('sniff', () => {
  const images: [string, Uint8Array, string][] = [
    ['png', bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), 'image/png'],
    ['jpeg', bytes([0xff, 0xd8, 0xff, 0xe0]), 'image/jpeg'],
    ['gif87a', bytes('GIF87a'), 'image/gif'],
    ['gif89a', bytes('GIF89a'), 'image/gif'],
    ['webp', bytes('RIFF', [0, 0, 0, 0], 'WEBPVP8 '), 'image/webp'],
    ['bmp', BMP, 'image/bmp'],
  ];
  for (const [name, head, mime] of images) {
    it(`recognises ${name} whatever the client declares`, () => {
      for (const declared of [undefined, 'application/octet-stream', 'audio/webm'])
        assert.deepEqual(sniff(pad(head), declared), { kind: 'image', mime, executable: false });
    });
  }

  it('does not take any two bytes "BM" for a bitmap', () => {
    assert.equal(sniff(pad(bytes('BMW is a car'))).mime, 'application/octet-stream');
  });

  const audio: [string, Uint8Array, string][] = [
    ['webm', bytes([0x1a, 0x45, 0xdf, 0xa3]), 'audio/webm'],
    ['ogg', bytes('OggS', [0, 2]), 'audio/ogg'],
    ['m4a', bytes([0, 0, 0, 0x20], 'ftypM4A '), 'audio/mp4'],
    ['wav', bytes('RIFF', [0, 0, 0, 0], 'WAVEfmt '), 'audio/wav'],
    ['mp3 (ID3)', bytes('ID3', [4, 0]), 'audio/mpeg'],
    ['mp3 (frame)', bytes([0xff, 0xfb, 0x90, 0x64]), 'audio/mpeg'],
    ['aac (ADTS)', bytes([0xff, 0xf1, 0x50, 0x80]), 'audio/aac'],
    ['amr', bytes('#!AMR\n'), 'audio/amr'],
  ];
  for (const [name, head, mime] of audio) {
    it(`takes ${name} as voice only when the client declares audio`, () => {
      assert.deepEqual(sniff(pad(head), 'audio/whatever; codecs=x'), {
        kind: 'voice',
        mime,
        executable: false,
      });
      for (const declared of [undefined, 'video/webm', 'application/octet-stream'])
        assert.deepEqual(sniff(pad(head), declared), {
          kind: 'file',
          mime: 'application/octet-stream',
          executable: false,
        });
    });
  }

  const executables: [string, Uint8Array][] = [
    ['ELF', bytes([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1])],
    ['PE', bytes('MZ', [0x90, 0])],
    ['Mach-O 32', bytes([0xfe, 0xed, 0xfa, 0xce])],
    ['Mach-O 64', bytes([0xfe, 0xed, 0xfa, 0xcf])],
    ['Mach-O 32 LE', bytes([0xce, 0xfa, 0xed, 0xfe])],
    ['Mach-O 64 LE', bytes([0xcf, 0xfa, 0xed, 0xfe])],
    ['Mach-O fat', bytes([0xca, 0xfe, 0xba, 0xbe])],
    ['shell script', bytes('#!/bin/sh\nrm -rf ~\n')],
    ['env script', bytes('#!/usr/bin/env python3\n')],
  ];
  for (const [name, head] of executables) {
    it(`keeps ${name} a file even when it claims to be an image or audio`, () => {
      for (const declared of ['image/png', 'audio/ogg', undefined])
        assert.deepEqual(sniff(pad(head), declared), {
          kind: 'file',
          mime: 'application/octet-stream',
          executable: true,
        });
    });
  }

  it('stores documents and unknown bytes as application/octet-stream files', () => {
    for (const head of [
      bytes('%PDF-1.7'),
      bytes('PK', [3, 4]),
      bytes('<svg xmlns='),
      bytes('hello'),
      bytes(),
    ])
      assert.deepEqual(sniff(head, 'image/png'), {
        kind: 'file',
        mime: 'application/octet-stream',
        executable: false,
      });
  });

  it('works on heads shorter than the signatures', () => {
    assert.equal(sniff(bytes([0x89, 0x50])).mime, 'application/octet-stream');
    assert.equal(sniff(bytes('RIFF')).mime, 'application/octet-stream');
    assert.equal(sniff(bytes([0xff]), 'audio/mpeg').mime, 'application/octet-stream');
  });
});

describe('file names', () => {
  const cases: [string | string[] | undefined, string][] = [
    [undefined, 'file'],
    ['', 'file'],
    ['  ', 'file'],
    ['..', 'file'],
    ['photo.png', 'photo.png'],
    ['../../etc/passwd', 'passwd'],
    ['C:\\Windows\\evil.exe', 'evil.exe'],
    ['.bashrc', 'bashrc'],
    ['a\r\nb\u0000c.txt', 'a bc.txt'],
    ['invoice\u202Efdp.exe', 'invoicefdp.exe'],
    ['%E5%9B%BE%E7%89%87.jpg', '图片.jpg'],
    ['%ZZ bad escape.txt', '%ZZ bad escape.txt'],
    ['%2e%2e%2fsecret', 'secret'],
    ['tab\tand   spaces.txt', 'tab and spaces.txt'],
    [['first.png', 'second.png'], 'first.png'],
    [`${'😀'.repeat(200)}.jpeg`, `${'😀'.repeat(115)}.jpeg`],
    ['x'.repeat(500), 'x'.repeat(120)],
    [`${'y'.repeat(150)}.${'z'.repeat(40)}`, 'y'.repeat(120)],
  ];
  for (const [raw, want] of cases) {
    it(`cleans ${JSON.stringify(raw)?.slice(0, 40)}`, () => {
      assert.equal(sanitizeName(raw), want);
    });
  }

  it('writes Content-Disposition with an ASCII fallback and the exact UTF-8 name', () => {
    assert.equal(
      contentDisposition('attachment', '报告 "final";.pdf'),
      `attachment; filename="__ _final__.pdf"; filename*=UTF-8''%E6%8A%A5%E5%91%8A%20%22final%22%3B.pdf`,
    );
    assert.equal(
      contentDisposition('inline', "it's.png"),
      `inline; filename="it's.png"; filename*=UTF-8''it%27s.png`,
    );
  });

  it('makes 128-bit url-safe media ids', () => {
    const ids = new Set(Array.from({ length: 1000 }, newMediaId));
    assert.equal(ids.size, 1000);
    for (const id of ids) assert.ok(isMediaId(id), id);
    assert.equal(isMediaId('../etc/passwd'), false);
  });
});
