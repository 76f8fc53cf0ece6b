-- Parley initial schema, MySQL / MariaDB. Mirrors ../../schema.prisma in the form `prisma migrate`
-- would emit for the derived mysql schema (Int → INTEGER, BigInt → BIGINT, String → VARCHAR(191),
-- DateTime → DATETIME(3), `// mysql:` native types as written; index names as Prisma names them).
-- The drift test checks it against the schema and against the SQLite migration.
--
-- utf8mb4 so CJK and emoji round-trip. utf8mb4_bin rather than Prisma's default utf8mb4_unicode_ci:
-- equality and unique indexes then behave as in SQLite (case-sensitive, and distinct emoji never
-- collate equal), so both dialects accept and refuse the same rows.
-- MySQL DDL is not transactional: if this file fails part-way, drop the tables it created.

-- CreateTable
CREATE TABLE `users` (
    `id` INTEGER NOT NULL AUTO_INCREMENT,
    `username` VARCHAR(191) NOT NULL,
    `email` VARCHAR(191) NOT NULL,
    `passwordHash` VARCHAR(191) NOT NULL,
    `nick` VARCHAR(191) NOT NULL,
    `avatar` VARCHAR(191) NOT NULL DEFAULT '',
    `bio` VARCHAR(191) NOT NULL DEFAULT '',
    `createdAt` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),

    UNIQUE INDEX `users_username_key`(`username`),
    UNIQUE INDEX `users_email_key`(`email`),
    PRIMARY KEY (`id`)
) AUTO_INCREMENT = 10001 DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;

-- CreateTable
CREATE TABLE `friend_requests` (
    `id` INTEGER NOT NULL AUTO_INCREMENT,
    `fromId` INTEGER NOT NULL,
    `toId` INTEGER NOT NULL,
    `greeting` VARCHAR(191) NOT NULL DEFAULT '',
    `remark` VARCHAR(191) NOT NULL DEFAULT '',
    `status` VARCHAR(191) NOT NULL DEFAULT 'pending',
    `createdAt` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    `updatedAt` DATETIME(3) NOT NULL,

    INDEX `friend_requests_toId_status_idx`(`toId`, `status`),
    INDEX `friend_requests_fromId_status_idx`(`fromId`, `status`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;

-- CreateTable
CREATE TABLE `friendships` (
    `userId` INTEGER NOT NULL,
    `friendId` INTEGER NOT NULL,
    `remark` VARCHAR(191) NOT NULL DEFAULT '',
    `conversationId` VARCHAR(191) NOT NULL,
    `createdAt` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),

    PRIMARY KEY (`userId`, `friendId`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;

-- CreateTable
CREATE TABLE `conversations` (
    `id` VARCHAR(191) NOT NULL,
    `kind` VARCHAR(191) NOT NULL,
    `lastSeq` INTEGER NOT NULL DEFAULT 0,
    `groupId` VARCHAR(191) NULL,
    `createdAt` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),

    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;

-- CreateTable
CREATE TABLE `members` (
    `conversationId` VARCHAR(191) NOT NULL,
    `userId` INTEGER NOT NULL,
    `ackSeq` INTEGER NOT NULL DEFAULT 0,
    `readSeq` INTEGER NOT NULL DEFAULT 0,
    `role` VARCHAR(191) NOT NULL DEFAULT 'member',
    `joinedAt` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),

    INDEX `members_userId_idx`(`userId`),
    PRIMARY KEY (`conversationId`, `userId`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;

-- CreateTable
CREATE TABLE `messages` (
    `id` BIGINT NOT NULL AUTO_INCREMENT,
    `conversationId` VARCHAR(191) NOT NULL,
    `seq` INTEGER NOT NULL,
    `senderId` INTEGER NOT NULL,
    `clientMsgId` VARCHAR(191) NOT NULL,
    `kind` VARCHAR(191) NOT NULL,
    `text` MEDIUMTEXT NULL,
    `mediaId` VARCHAR(191) NULL,
    `sentAt` BIGINT NOT NULL,
    `recalledAt` BIGINT NULL,

    UNIQUE INDEX `messages_conversationId_seq_key`(`conversationId`, `seq`),
    UNIQUE INDEX `messages_senderId_clientMsgId_key`(`senderId`, `clientMsgId`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;

-- CreateTable
CREATE TABLE `chat_groups` (
    `id` VARCHAR(191) NOT NULL,
    `name` VARCHAR(191) NOT NULL,
    `ownerId` INTEGER NOT NULL,
    `conversationId` VARCHAR(191) NOT NULL,
    `createdAt` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),

    UNIQUE INDEX `chat_groups_conversationId_key`(`conversationId`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;

-- CreateTable
CREATE TABLE `media` (
    `id` VARCHAR(191) NOT NULL,
    `uploaderId` INTEGER NOT NULL,
    `name` VARCHAR(191) NOT NULL,
    `mime` VARCHAR(191) NOT NULL,
    `size` INTEGER NOT NULL,
    `storageKey` VARCHAR(191) NOT NULL,
    `createdAt` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),

    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
