// PROTOCOL.md §7: `POST /media` (upload) and `GET /media/<mediaId>` (download). Uploads are
// streamed to storage, typed by their bytes (media/sniff.ts) and limited per sniffed kind;
// downloads go only to the uploader and to members of a conversation where the media was sent.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { ErrorCode, ParleyError } from '@parley/proto';
import type { Logger, MediaLimits, RateLimits, RateLimitStore } from '@parley/core';
import type { Db } from '@parley/db';
import type { StatusClient } from '@parley/status';
import { bearer, sendJson } from '../http';
import { INLINE_IMAGE_MIMES, SNIFF_BYTES, sniff } from '../media/sniff';
import { contentDisposition, isMediaId, newMediaId, sanitizeName } from '../media/names';
import type { MediaStorage } from '../media/storage';
import { UploadAborted, countedBody, linger, readHead, tooLarge } from '../media/upload';

export interface MediaOptions {
  storage: MediaStorage;
  /** Largest upload per sniffed kind, in bytes (MEDIA_MAX_*). */
  limits: MediaLimits;
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

export function createMediaRoutes(deps: MediaDeps) {
  const { db, status, limiter, media } = deps;
  const log = deps.logger.child({ route: 'media' });
  const largest = Math.max(media.limits.image, media.limits.file, media.limits.voice);

  async function user(req: IncomingMessage): Promise<number> {
    const token = bearer(req);
    if (!token) throw new ParleyError(ErrorCode.TOKEN_INVALID, 'missing bearer token');
    return Number(await status.validateToken(token));
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

    const body = countedBody(req, head, ended, limit, type.kind);
    const storageKey = await media.storage.put(body.stream);
    const size = body.size();
    const mediaId = newMediaId();
    try {
      await db.prisma.media.create({
        data: { id: mediaId, uploaderId: uid, name, mime: type.mime, size, storageKey },
      });
    } catch (err) {
      await media.storage.delete(storageKey).catch(() => undefined);
      throw err;
    }
    if (type.executable) log.info({ uid, mediaId, size }, 'executable upload stored as a file');
    sendJson(res, 201, {
      error: 0,
      mediaId,
      url: `${MEDIA_PREFIX}/${mediaId}`,
      name,
      mime: type.mime,
      size,
    });
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

  async function download(req: IncomingMessage, res: ServerResponse, id: string): Promise<void> {
    const uid = await user(req);
    // Unknown and forbidden answer alike, so ids cannot be probed for existence.
    if (!isMediaId(id)) throw notFound();
    const row = await db.prisma.media.findUnique({ where: { id } });
    if (!row || !(await mayRead(id, row.uploaderId, uid))) throw notFound();
    const etag = `"${row.id}"`;
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
    const body = await media.storage.get(row.storageKey);
    if (!body) {
      log.error({ mediaId: id }, 'media row without stored bytes');
      throw notFound();
    }
    const inline = INLINE_IMAGE_MIMES.has(row.mime);
    res.writeHead(200, {
      ...common,
      'content-type': row.mime,
      'content-length': row.size,
      'content-disposition': contentDisposition(inline ? 'inline' : 'attachment', row.name),
    });
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
      if (req.method !== 'GET')
        throw new ParleyError(ErrorCode.BAD_REQUEST, 'use GET', { status: 405 });
      await download(req, res, path.slice(MEDIA_PREFIX.length + 1));
    },
  };
}
