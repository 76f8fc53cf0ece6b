-- Issue 12, MySQL / MariaDB: a member's mute of one conversation (CONV_MUTE 2030/2031), kept with
-- the member so every browser of theirs agrees. Mirrors ../../schema.prisma; the drift test
-- checks it.

-- AlterTable
ALTER TABLE `members` ADD COLUMN `muted` INTEGER NOT NULL DEFAULT 0;
