-- Issue 5, MySQL / MariaDB: group event lines ("Alice invited Carol to the group chat"), stored so
-- that GROUP_EVENTS can show them after a reload. Mirrors ../../schema.prisma; the drift test
-- checks it.

-- CreateTable
CREATE TABLE `group_events` (
    `id` BIGINT NOT NULL AUTO_INCREMENT,
    `groupId` VARCHAR(191) NOT NULL,
    `event` VARCHAR(191) NOT NULL,
    `byId` INTEGER NOT NULL,
    `uids` TEXT NOT NULL,
    `name` VARCHAR(191) NOT NULL,
    `afterSeq` INTEGER NOT NULL,
    `at` BIGINT NOT NULL,

    INDEX `group_events_groupId_id_idx`(`groupId`, `id`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
