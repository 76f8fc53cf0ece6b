// Microbenchmark of the SQLite hot store (servers/chat/src/data/store/sqlite-core.ts) on its own:
// the statements MessageWriter's worker runs per batch, without sockets or the worker hop.
//   npm run bench:store [-- --batch 512 --messages 200000 --conversations 200 --sync FULL|NORMAL]
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openDb } from '@parley/db';
import { openSqliteCore } from '../servers/chat/src/data/store/sqlite-core';
import type { SendInput } from '../servers/chat/src/data/store';

const { values } = parseArgs({
  options: {
    batch: { type: 'string', default: '512' },
    messages: { type: 'string', default: '200000' },
    conversations: { type: 'string', default: '200' },
    sync: { type: 'string', default: 'FULL' },
  },
});
const batch = Number(values.batch);
const total = Number(values.messages);
const convs = Number(values.conversations);
const sync = values.sync === 'NORMAL' ? 'NORMAL' : 'FULL';

const dir = mkdtempSync(path.join(os.tmpdir(), 'parley-store-bench-'));
const file = path.join(dir, 'p.db');
try {
  const db = await openDb(`file:${file}`);
  const ids = Array.from({ length: convs }, (_, i) => `d_${10001 + 2 * i}_${10002 + 2 * i}`);
  await db.prisma.conversation.createMany({ data: ids.map((id) => ({ id, kind: 'direct' })) });
  await db.prisma.member.createMany({
    data: ids.flatMap((id, i) => [
      { conversationId: id, userId: 10001 + 2 * i },
      { conversationId: id, userId: 10002 + 2 * i },
    ]),
  });
  await db.close();

  const core = openSqliteCore(file, sync);
  let n = 0;
  const makeBatch = (): SendInput[] =>
    Array.from({ length: Math.min(batch, total - n) }, (_, j) => {
      const k = n + j;
      const c = k % convs;
      return {
        conversationId: ids[c]!,
        senderId: 10001 + 2 * c + (k % 2),
        clientMsgId: `m-${k}`,
        kind: 'text',
        text: 'x'.repeat(48),
        mediaId: null,
        replyToSeq: null,
      };
    });
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let batches = 0;
  while (n < total) {
    const b = makeBatch();
    core.storeMessages(b);
    n += b.length;
    batches++;
  }
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  core.close();
  console.log(
    `${n.toLocaleString('en-US')} messages in ${batches} batches of ≤${batch}, ${convs} conversations, synchronous=${sync}: ` +
      `${((n / ms) * 1000).toFixed(0)} msgs/s, ${((ms * 1000) / n).toFixed(1)} µs/msg wall, ` +
      `${((cpu.user + cpu.system) / n).toFixed(1)} µs/msg CPU`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
