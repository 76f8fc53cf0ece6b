-- PROTOCOL.md §9.3, SQLite: the message search indexes. FTS5 with the trigram tokenizer matches any
-- substring of three or more characters, in every script (Chinese and Japanese have no spaces
-- to split words on), case-insensitively. Contentless (`content = ''`): the index holds no
-- second copy of the text; rowid = messages.id, and `contentless_delete` lets a recall remove
-- its row. What is searchable: the text (a caption, for media) and, for files, the file name.
-- Not a Prisma model: the drift test leaves `messages_fts*` out. MySQL/MariaDB has no such index
-- (servers/chat/src/data/search.ts says why).
--
-- Rows are added by the ChatServer's indexer thread (servers/chat/src/data/search-index/), off
-- the send path, starting with any messages stored before this migration. Removing a row is
-- cheap and must never lag, so recalls and deletes do it here, in their own transaction.
CREATE VIRTUAL TABLE "messages_fts" USING fts5(
    body,
    tokenize = 'trigram case_sensitive 0',
    content = '',
    contentless_delete = 1
);

-- RECALL clears the content (kind "recalled"): it must never match again (§9.3).
CREATE TRIGGER "messages_fts_recall" AFTER UPDATE OF "kind" ON "messages"
WHEN new."kind" = 'recalled' AND old."kind" <> 'recalled' BEGIN
    DELETE FROM "messages_fts" WHERE rowid = old."id";
END;

CREATE TRIGGER "messages_fts_delete" AFTER DELETE ON "messages" BEGIN
    DELETE FROM "messages_fts" WHERE rowid = old."id";
END;

-- Queries of one or two characters (a two-character Chinese word is common): the trigram index
-- cannot answer them, so each message's one- and two-character grams of letters and digits are
-- kept as whole tokens (the indexer makes them; unicode61 folds their case).
CREATE VIRTUAL TABLE "messages_grams" USING fts5(
    grams,
    tokenize = 'unicode61 remove_diacritics 0',
    content = '',
    contentless_delete = 1
);

CREATE TRIGGER "messages_grams_recall" AFTER UPDATE OF "kind" ON "messages"
WHEN new."kind" = 'recalled' AND old."kind" <> 'recalled' BEGIN
    DELETE FROM "messages_grams" WHERE rowid = old."id";
END;

CREATE TRIGGER "messages_grams_delete" AFTER DELETE ON "messages" BEGIN
    DELETE FROM "messages_grams" WHERE rowid = old."id";
END;
