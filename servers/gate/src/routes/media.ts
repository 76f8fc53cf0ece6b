// PROTOCOL.md §7: `POST /media` (upload) and `GET /media/<mediaId>` (download). Uploads are
// streamed to storage, typed by their bytes (media/sniff.ts) and limited per sniffed kind; images
// get a thumbnail (`?thumb=1`, media/thumbnail.ts). Downloads go only to the uploader and to
// members of a conversation where the media was sent (and not recalled), authenticated by the
// bearer token or by a short-lived signed URL (media/signed-url.ts) that `POST /media/<id>/url`
// mints for an <img src>.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import {
  ErrorCode,
  ParleyError,
  type MediaUploadResponse,
  type SignedUrlResponse,
} from '@parley/proto';
import type { Logger, MediaLimits, RateLimits, RateLimitStore } from '@parley/core';
import type { Db } from '@parley/db';
import type { StatusClient } from '@parley/status';
import { bearer, sendJson } from '../http';
import { INLINE_IMAGE_MIMES, SNIFF_BYTES, sniff } from '../media/sniff';
import { contentDisposition, isMediaId, newMediaId, sanitizeName } from '../media/names';
import type { MediaStorage } from '../media/storage';
import { UploadAborted, countedBody, linger, readHead, tooLarge } from '../media/upload';
import { THUMB_MIME, storeThumbnail, thumbName } from '../media/thumbnail';
import { isSigned, signedMediaPath, verifySignedQuery } from '../media/signed-url';

export interface MediaOptions {
  storage: MediaStorage;
  /** Largest upload per sniffed kind, in bytes (MEDIA_MAX_*). */
  limits: MediaLimits;
  /** HMAC key of signed media URLs (MEDIA_URL_SECRET). */
  urlSecret: string;
  /** How long a signed media URL works (MEDIA_URL_TTL_MS). */
  urlTtlMs: number;
}

export interface MediaDeps {
  db: Db;
  status: StatusClient;
  limiter: RateLimitStore;
  limits: RateLimits;
  media: MediaOptions;
  logger: Logger;
}

/** An upload that sends nothing for this long is cut off (the whole-request budget is long). */
const UPLOAD_IDLE_MS = 30_000; // 30 s
/** Media never changes under its id; the browser may keep it, shared caches may not. */
const CACHE_CONTROL = 'private, max-age=86400';

export const MEDIA_PREFIX = '/media';
export const isMediaPath = (path: string): boolean =>
  path === MEDIA_PREFIX || path.startsWith(`${MEDIA_PREFIX}/`);

const notFound = () => new ParleyError(ErrorCode.NOT_FOUND, 'no such media');
/** `/media/<id>/url`: mint signed URLs. */
const MINT_PATH = /^\/media\/([^/]+)\/url$/;

export function createMediaRoutes(deps: MediaDeps) {
  const { db, status, limiter, media } = deps;
  const log = deps.logger.child({ route: 'media' });
  const largest = Math.max(media.limits.image, media.limits.file, media.limits.voice);

  async function user(req: IncomingMessage): Promise<number> {
    const token = bearer(req);
    if (!token) throw new ParleyError(ErrorCode.TOKEN_INVALID, 'missing bearer token');
    return Number(await status.validateToken(token));
  }

  /** Signed URLs of a media for uid: the original, and for images the thumbnail. */
  function signed(mediaId: string, uid: number, mime: string) {
    const exp = Date.now() + media.urlTtlMs;
    const grant = { mediaId, uid: String(uid), exp };
    return {
      url: signedMediaPath(media.urlSecret, { ...grant, thumb: false }),
      ...(mime.startsWith('image/')
        ? { thumbUrl: signedMediaPath(media.urlSecret, { ...grant, thumb: true }) }
        : {}),
      expiresAt: exp,
    };
  }

  /** The thumbnail of a fresh image upload, or null (none is made, or making one failed). */
  async function thumbnail(image: Buffer, mediaId: string): Promise<string | null> {
    try {
      return await storeThumbnail(media.storage, image);
    } catch (err) {
      log.info({ err, mediaId }, 'no thumbnail: the original is served instead');
      return null;
    }
  }

  async function upload(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const uid = await user(req);
    const l = deps.limits.mediaUploadsPerUserMinute;
    const d = await limiter.hit(`media-upload:${uid}`, l.limit, l.windowMs);
    if (!d.allowed)
      throw new ParleyError(ErrorCode.RATE_LIMITED, 'too many uploads', {
        retryAfterMs: d.retryAfterMs,
      });
    const declared = Number(req.headers['content-length'] ?? NaN);
    if (declared > largest) throw tooLarge(largest, 'media');
    req.setTimeout(UPLOAD_IDLE_MS, () => req.destroy(new UploadAborted()));

    const { head, ended } = await readHead(req, SNIFF_BYTES);
    if (ended && head.length === 0) throw new ParleyError(ErrorCode.BAD_REQUEST, 'empty upload');
    const type = sniff(head, req.headers['content-type']);
    const limit = media.limits[type.kind];
    if (declared > limit) throw tooLarge(limit, type.kind);
    const name = sanitizeName(req.headers['x-file-name']);

    const image = type.kind === 'image';
    const body = countedBody(req, head, ended, limit, type.kind, image);
    const storageKey = await media.storage.put(body.stream);
    const size = body.size();
    const mediaId = newMediaId();
    const thumbKey = image ? await thumbnail(body.bytes(), mediaId) : null;
    try {
      await db.prisma.media.create({
        data: { id: mediaId, uploaderId: uid, name, mime: type.mime, size, storageKey, thumbKey },
      });
    } catch (err) {
      for (const key of [storageKey, thumbKey])
        if (key) await media.storage.delete(key).catch(() => undefined);
      throw err;
    }
    if (type.executable) log.info({ uid, mediaId, size }, 'executable upload stored as a file');
    // `url` is the contract's (§7, needs the bearer token); the signed ones are Parley's, for
    // the uploader's own preview in an <img src>.
    const { url: signedUrl, ...more } = signed(mediaId, uid, type.mime);
    sendJson(res, 201, {
      error: 0,
      mediaId,
      url: `${MEDIA_PREFIX}/${mediaId}`,
      name,
      mime: type.mime,
      size,
      signedUrl,
      ...more,
    } satisfies MediaUploadResponse);
  }

  /** The uploader, or a member of a conversation holding a (not recalled) message with it. */
  async function mayRead(mediaId: string, uploaderId: number, uid: number): Promise<boolean> {
    if (uploaderId === uid) return true;
    const rows = await db.prisma.$queryRaw<unknown[]>`
      SELECT 1 AS ok FROM messages m
      JOIN members b ON b.conversationId = m.conversationId
      WHERE m.mediaId = ${mediaId} AND b.userId = ${uid} AND m.kind <> 'recalled'
      LIMIT 1`;
    return rows.length > 0;
  }

  /** The media row if uid may read it; unknown and forbidden answer alike (404), so ids cannot
   *  be probed for existence. */
  async function readable(id: string, uid: number) {
    if (!isMediaId(id)) throw notFound();
    const row = await db.prisma.media.findUnique({ where: { id } });
    if (!row || !(await mayRead(id, row.uploaderId, uid))) throw notFound();
    return row;
  }

  /** Who is asking, and for what: a signed URL speaks for the uid it was minted for (403 when
   *  it is forged, edited or expired); otherwise the bearer token. */
  async function requester(req: IncomingMessage, id: string, query: URLSearchParams) {
    if (!isSigned(query)) return { uid: await user(req), thumb: query.get('thumb') === '1' };
    const check = verifySignedQuery(media.urlSecret, id, query);
    if (!check.ok) throw new ParleyError(ErrorCode.FORBIDDEN, check.reason);
    return { uid: Number(check.grant.uid), thumb: check.grant.thumb };
  }

  /** `POST /media/<id>/url`: signed URLs for the caller, after the same access check. */
  async function mint(req: IncomingMessage, res: ServerResponse, id: string): Promise<void> {
    const uid = await user(req);
    const row = await readable(id, uid);
    sendJson(res, 200, { error: 0, ...signed(row.id, uid, row.mime) } satisfies SignedUrlResponse);
  }

  async function download(
    req: IncomingMessage,
    res: ServerResponse,
    id: string,
    query: URLSearchParams,
  ): Promise<void> {
    const who = await requester(req, id, query);
    const row = await readable(id, who.uid);
    // `?thumb=1` of media without a thumbnail (not an image, or it could not be made): the
    // original, as if it had not been asked for.
    const thumb = who.thumb && row.thumbKey !== null;
    const etag = thumb ? `"${row.id}.thumb"` : `"${row.id}"`;
    const common = {
      etag,
      'cache-control': CACHE_CONTROL,
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; sandbox",
      'cross-origin-resource-policy': 'same-site',
    };
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, common).end();
      return;
    }
    const body = await media.storage.get(thumb ? row.thumbKey! : row.storageKey);
    if (!body) {
      log.error({ mediaId: id, thumb }, 'media row without stored bytes');
      throw notFound();
    }
    const inline = INLINE_IMAGE_MIMES.has(row.mime);
    res.writeHead(
      200,
      thumb
        ? // A thumbnail is small and its size is not stored: sent chunked.
          {
            ...common,
            'content-type': THUMB_MIME,
            'content-disposition': contentDisposition('inline', thumbName(row.name)),
          }
        : {
            ...common,
            'content-type': row.mime,
            'content-length': row.size,
            'content-disposition': contentDisposition(inline ? 'inline' : 'attachment', row.name),
          },
    );
    // Headers are out: from here a failure (the client went away) can only cut the connection.
    await pipeline(body, res).catch(() => res.destroy());
  }

  return {
    /** Serve a request whose path isMediaPath(). */
    async handle(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
      if (path === MEDIA_PREFIX) {
        if (req.method !== 'POST')
          throw new ParleyError(ErrorCode.BAD_REQUEST, 'use POST', { status: 405 });
        try {
          await upload(req, res);
        } catch (err) {
          if (err instanceof UploadAborted) {
            log.debug('upload aborted by the client');
            return;
          }
          linger(req);
          throw err;
        }
        return;
      }
      const minting = MINT_PATH.exec(path);
      if (minting) {
        if (req.method !== 'POST')
          throw new ParleyError(ErrorCode.BAD_REQUEST, 'use POST', { status: 405 });
        return mint(req, res, minting[1]!);
      }
      if (req.method !== 'GET')
        throw new ParleyError(ErrorCode.BAD_REQUEST, 'use GET', { status: 405 });
      const query = new URL(req.url ?? '/', 'http://gate.invalid').searchParams;
      await download(req, res, path.slice(MEDIA_PREFIX.length + 1), query);
    },
  };
}
