-- PROTOCOL.md §9.2 (issue 13), MySQL / MariaDB: several devices per user. Tokens know their
-- device; a named device keeps its own ACK cursor per conversation. Device "default" (every
-- client before 1.1, and every existing token) keeps members.ackSeq, so no history is delivered
-- again. Mirrors ../../schema.prisma; the drift test checks it.

-- AlterTable
ALTER TABLE `tokens` ADD COLUMN `deviceId` VARCHAR(191) NULL,
    ADD COLUMN `deviceName` VARCHAR(191) NULL,
    ADD COLUMN `createdAt` BIGINT NOT NULL DEFAULT 0,
    ADD COLUMN `lastSeenAt` BIGINT NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE `device_cursors` (
    `userId` INTEGER NOT NULL,
    `deviceId` VARCHAR(191) NOT NULL,
    `conversationId` VARCHAR(191) NOT NULL,
    `ackSeq` INTEGER NOT NULL DEFAULT 0,

    PRIMARY KEY (`userId`, `deviceId`, `conversationId`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
