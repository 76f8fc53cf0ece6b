-- Issue 5, SQLite: group event lines ("Alice invited Carol to the group chat"), stored so that
-- GROUP_EVENTS can show them after a reload. Mirrors ../../schema.prisma; the drift test checks it.

-- CreateTable
CREATE TABLE "group_events" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "groupId" TEXT NOT NULL,
    "event" TEXT NOT NULL,
    "byId" INTEGER NOT NULL,
    "uids" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "afterSeq" INTEGER NOT NULL,
    "at" BIGINT NOT NULL
);

-- CreateIndex
CREATE INDEX "group_events_groupId_id_idx" ON "group_events"("groupId", "id");
