// Media rows as the ChatServer sees them (PROTOCOL.md §2 `media`): checked on SEND_MSG, and
// attached to every Message that carries a mediaId — loaded in one query per batch of messages,
// never one per message. GateServer writes the rows (POST /media); here they are only read.
import type { Db, DbClient } from '@parley/db';
import { ErrorCode, ParleyError, type Media, type Message } from '@parley/proto';
import { toMessage, type MessageRow } from './messages';
import { loadQuotes } from './quotes';

/** Anything with the media model: the client or a transaction of it. */
type MediaReader = Pick<DbClient, 'media'>;

export interface MediaRow {
  id: string;
  uploaderId: number;
  name: string;
  mime: string;
  size: number;
}

const SELECT = { id: true, uploaderId: true, name: true, mime: true, size: true } as const;

/** The wire shape; `url` is GateServer's download route (§7 `GET /media/<mediaId>`). */
export const toWireMedia = (r: MediaRow): Media => ({
  mediaId: r.id,
  url: `/media/${r.id}`,
  name: r.name,
  mime: r.mime,
  size: r.size,
});

export function findMedia(db: Db, mediaId: string): Promise<MediaRow | null> {
  return db.prisma.media.findUnique({ where: { id: mediaId }, select: SELECT });
}

/** The wire media of every id, in one query (none when there are no ids). */
export async function mediaByIds(
  db: MediaReader,
  ids: Iterable<string | null>,
): Promise<Map<string, Media>> {
  const want = new Set<string>();
  for (const id of ids) if (id !== null) want.add(id);
  if (want.size === 0) return new Map();
  const rows = await db.media.findMany({ where: { id: { in: [...want] } }, select: SELECT });
  return new Map(rows.map((r) => [r.id, toWireMedia(r)]));
}

/** Stored rows → wire Messages with their media and their quotes as they are now (§9.4). */
export async function toMessages(
  db: Pick<DbClient, 'media' | 'message'>,
  rows: MessageRow[],
): Promise<Message[]> {
  const [media, quotes] = await Promise.all([
    mediaByIds(
      db,
      rows.map((r) => r.mediaId),
    ),
    loadQuotes(db, rows),
  ]);
  return rows.map((r) => toMessage(r, media, quotes));
}

/**
 * Whether a message kind fits the uploaded media's sniffed mime: an image message needs an
 * image, a voice message audio; a file may be anything (an image sent "as a file" too).
 */
export function kindFitsMime(kind: string, mime: string): boolean {
  if (kind === 'image') return mime.startsWith('image/');
  if (kind === 'voice') return mime.startsWith('audio/');
  return kind === 'file';
}

/**
 * SEND_MSG with a media kind: the media must exist and be the sender's own upload (else
 * NOT_FOUND, the same answer for both, as GET /media gives), and its sniffed type must fit the
 * kind (else BAD_REQUEST). Returns the mediaId to store.
 */
export async function requireSendableMedia(
  db: Db,
  mediaId: string,
  senderId: number,
  kind: string,
): Promise<string> {
  const row = await findMedia(db, mediaId);
  if (!row || row.uploaderId !== senderId)
    throw new ParleyError(ErrorCode.NOT_FOUND, 'no such media');
  if (!kindFitsMime(kind, row.mime))
    throw new ParleyError(
      ErrorCode.BAD_REQUEST,
      `a ${kind} message needs ${kind === 'voice' ? 'audio' : 'image'} media, not ${row.mime}`,
    );
  return row.id;
}
