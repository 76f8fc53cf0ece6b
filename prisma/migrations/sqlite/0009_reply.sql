-- Issue 13 item 4, SQLite: quoted replies (PROTOCOL.md §9.4). A message stores only the seq of the
-- message it quotes (same conversation); the quote's content is read from that message, so a later
-- recall shows in every quote. Mirrors ../../schema.prisma; the drift test checks it.

-- AlterTable
ALTER TABLE "messages" ADD COLUMN "replyToSeq" INTEGER;
