-- Issue 5, SQLite: image thumbnails (media.thumbKey, the storage key of a GateServer-made
-- thumbnail; NULL when there is none) and an index on messages.mediaId for GET /media's access
-- check ("a message in one of the caller's conversations carries this media"). Mirrors
-- ../../schema.prisma; the drift test checks it.

-- AlterTable
ALTER TABLE "media" ADD COLUMN "thumbKey" TEXT;

-- CreateIndex
CREATE INDEX "messages_mediaId_idx" ON "messages"("mediaId");
