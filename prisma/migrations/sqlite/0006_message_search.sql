-- PROTOCOL.md §9.3, SQLite: the message search index. FTS5 with the trigram tokenizer matches any
-- substring of three or more characters, in every script (Chinese and Japanese have no spaces
-- to split words on), case-insensitively. Contentless (`content = ''`): the index holds no
-- second copy of the text; rowid = messages.id, and `contentless_delete` lets a recall remove
-- its row. Kept in step by triggers, so every writer (the hot store's worker thread, Prisma)
-- updates it in the transaction that writes the message. Not a Prisma model: the drift test
-- leaves `messages_fts*` out. MySQL/MariaDB has no such index (servers/chat/src/data/search.ts
-- says why, with the measurements).

-- What is searchable: the text (a caption, for media) and, for files, the file name.
CREATE VIRTUAL TABLE "messages_fts" USING fts5(
    body,
    tokenize = 'trigram case_sensitive 0',
    content = '',
    contentless_delete = 1
);

CREATE TRIGGER "messages_fts_insert" AFTER INSERT ON "messages" WHEN new."kind" <> 'recalled' BEGIN
    INSERT INTO "messages_fts" (rowid, body)
    SELECT new."id", b FROM (
        SELECT trim(coalesce((SELECT "name" FROM "media" WHERE new."kind" = 'file' AND "id" = new."mediaId"), '')
            || ' ' || coalesce(new."text", '')) AS b
    ) WHERE b <> '';
END;

-- RECALL clears the content (kind "recalled"): it must never match again (§9.3).
CREATE TRIGGER "messages_fts_recall" AFTER UPDATE OF "kind" ON "messages"
WHEN new."kind" = 'recalled' AND old."kind" <> 'recalled' BEGIN
    DELETE FROM "messages_fts" WHERE rowid = old."id";
END;

CREATE TRIGGER "messages_fts_delete" AFTER DELETE ON "messages" BEGIN
    DELETE FROM "messages_fts" WHERE rowid = old."id";
END;

-- Messages stored before this migration.
INSERT INTO "messages_fts" (rowid, body)
SELECT "id", b FROM (
    SELECT m."id", trim(coalesce(md."name", '') || ' ' || coalesce(m."text", '')) AS b
    FROM "messages" m LEFT JOIN "media" md ON m."kind" = 'file' AND md."id" = m."mediaId"
    WHERE m."kind" <> 'recalled'
) WHERE b <> '';
