-- Issue 11, SQLite: login tokens, durable in the database (Redis caches them), so a Redis that
-- restarts empty logs nobody out. Only hashes are stored. Mirrors ../../schema.prisma; the drift
-- test checks it.

-- CreateTable
CREATE TABLE "tokens" (
    "hash" TEXT NOT NULL PRIMARY KEY,
    "userId" INTEGER NOT NULL,
    "expiresAt" BIGINT NOT NULL
);

-- CreateIndex
CREATE INDEX "tokens_userId_idx" ON "tokens"("userId");
