-- Issue 11, MySQL / MariaDB: login tokens, durable in the database (Redis caches them), so a
-- Redis that restarts empty logs nobody out. Only hashes are stored. Mirrors ../../schema.prisma;
-- the drift test checks it.

-- CreateTable
CREATE TABLE `tokens` (
    `hash` VARCHAR(191) NOT NULL,
    `userId` INTEGER NOT NULL,
    `expiresAt` BIGINT NOT NULL,

    INDEX `tokens_userId_idx`(`userId`),
    PRIMARY KEY (`hash`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
