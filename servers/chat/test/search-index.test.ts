// The SQLite search indexer (data/search-index): its thread fills `messages_fts` from messages
// already stored, catches up on request, never indexes a row twice (two indexers on one file, or
// a restart), skips recalled messages and images without a caption, indexes file names, and exits
// on its own when released.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { silentLogger } from '@parley/core';
import { openDb, type Db } from '@parley/db';
import { testDatabases } from '../../../prisma/test/helpers/databases';
import { acquireSearchIndex } from '../src/data/search-index';
import { gramsOf, openIndexerCore } from '../src/data/search-index/core';
import { indexFor } from '../src/data/search';

const CONV = 'd_10001_10002';

describe('grams and the choice of index', () => {
  it('makes one- and two-character grams of letters and digits, case folded, never across punctuation', () => {
    assert.equal(gramsOf('Hi, 北京!'), 'h hi i 北 北京 京');
    assert.equal(gramsOf('aaa'), 'a aa');
    assert.equal(gramsOf('  ,.!  '), '');
    assert.equal(gramsOf('x1 Ä'), 'x x1 1 ä');
  });

  it('sends 3+ characters to the trigram index, 1–2 letters or digits to the grams, the rest to a scan', () => {
    assert.deepEqual(indexFor('kalo'), { table: 'messages_fts', match: '"kalo"' });
    assert.deepEqual(indexFor('a"b'), { table: 'messages_fts', match: '"a""b"' });
    assert.deepEqual(indexFor('北京'), { table: 'messages_grams', match: '"北京"' });
    assert.deepEqual(indexFor('Ab'), { table: 'messages_grams', match: '"ab"' });
    assert.equal(indexFor('好，'), null);
    assert.equal(indexFor('%'), null);
    assert.equal(indexFor('a '), null);
  });
});

describe('search indexer (SQLite)', () => {
  const dbs = testDatabases('sqlite');
  let db: Db;
  let seq = 0;

  before(async () => {
    db = await openDb(await dbs.create());
    await db.prisma.conversation.create({ data: { id: CONV, kind: 'direct' } });
  });
  after(async () => {
    await db.close();
    await dbs.dropAll();
  });

  async function store(kind: string, text: string | null, mediaId: string | null = null) {
    seq += 1;
    const m = await db.prisma.message.create({
      data: {
        conversationId: CONV,
        seq,
        senderId: 10001,
        clientMsgId: `c${seq}`,
        kind,
        text,
        mediaId,
        sentAt: BigInt(Date.now()),
      },
    });
    return Number(m.id);
  }

  const indexed = async (term: string): Promise<number[]> =>
    (
      await db.prisma.$queryRawUnsafe<{ id: bigint }[]>(
        'SELECT rowid AS id FROM messages_fts WHERE messages_fts MATCH ? ORDER BY rowid',
        `"${term}"`,
      )
    ).map((r) => Number(r.id));
  const count = async (): Promise<number> =>
    Number(
      (
        await db.prisma.$queryRawUnsafe<{ n: bigint }[]>('SELECT count(*) AS n FROM messages_fts')
      )[0]?.n,
    );

  it('indexes what was stored before it started, file names included, and nothing else', async () => {
    const t1 = await store('text', 'the first message, stored before any indexer');
    await db.prisma.media.create({
      data: {
        id: 'm-file-1',
        uploaderId: 10001,
        name: 'Annual-Report.pdf',
        mime: 'application/pdf',
        size: 10,
        storageKey: 'k1',
      },
    });
    const f = await store('file', null, 'm-file-1');
    await store('image', null, null); // no caption: nothing to find
    const index = acquireSearchIndex(db, silentLogger);
    assert.ok(index);
    await index.catchUp();
    assert.deepEqual(await indexed('first message'), [t1]);
    assert.deepEqual(await indexed('annual-report'), [f]);
    assert.equal(await count(), 2);

    // Sent after it started: found once it has caught up.
    const t2 = await store('text', '第二条消息');
    const r = await store('text', 'to be recalled');
    await index.catchUp();
    assert.deepEqual(await indexed('第二条'), [t2]);
    // A recall removes the row at once (a trigger, not the indexer).
    await db.prisma.message.update({
      where: { id: BigInt(r) },
      data: { kind: 'recalled', text: null },
    });
    assert.deepEqual(await indexed('recalled'), []);
    await index.release();
    await index.release(); // a second release is harmless
  });

  it('never indexes a row twice: two indexers on one file, and a restart after a recall', async () => {
    const before = await count();
    const a = openIndexerCore(db.url.replace(/^file:/, ''));
    const b = openIndexerCore(db.url.replace(/^file:/, ''));
    const ids: number[] = [];
    for (let i = 0; i < 5; i++) ids.push(await store('text', `twice ${i}`));
    // Recall the newest: the next indexer starts below it and looks at rows it has indexed.
    const last = await store('text', 'twice, but recalled');
    while (!a.step(2)); // small batches
    while (!b.step());
    await db.prisma.message.update({
      where: { id: BigInt(last) },
      data: { kind: 'recalled', text: null },
    });
    a.close();
    b.close();
    const c = openIndexerCore(db.url.replace(/^file:/, ''));
    while (!c.step());
    c.close();
    assert.deepEqual(await indexed('twice'), ids);
    assert.equal(await count(), before + 5);
  });
});
