-- PROTOCOL.md §9.2 (issue 13), SQLite: several devices per user. Tokens know their device; a
-- named device keeps its own ACK cursor per conversation. Device "default" (every client before
-- 1.1, and every existing token) keeps members.ackSeq, so no history is delivered again.
-- Mirrors ../../schema.prisma; the drift test checks it.

-- AlterTable
ALTER TABLE "tokens" ADD COLUMN "deviceId" TEXT;
ALTER TABLE "tokens" ADD COLUMN "deviceName" TEXT;
ALTER TABLE "tokens" ADD COLUMN "createdAt" BIGINT NOT NULL DEFAULT 0;
ALTER TABLE "tokens" ADD COLUMN "lastSeenAt" BIGINT NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "device_cursors" (
    "userId" INTEGER NOT NULL,
    "deviceId" TEXT NOT NULL,
    "conversationId" TEXT NOT NULL,
    "ackSeq" INTEGER NOT NULL DEFAULT 0,

    PRIMARY KEY ("userId", "deviceId", "conversationId")
);
