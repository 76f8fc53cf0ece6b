// One ChatServer on 127.0.0.1:0 with the production factories: SQLite in a temp dir, memory
// stores, a real StatusServer over gRPC. For tests of one server's session rules and of the
// bridge in front of it; multi-server tests use servers/launcher/test/helpers/system.ts.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createStores, silentLogger, type Stores } from '@parley/core';
import { openDb, type Db } from '@parley/db';
import { connectStatus, createStatusServer, type StatusClient } from '@parley/status';
import { createChatServer, PeerHub, type ChatConfig, type ChatServer } from '../../src/index';

export interface OneServer {
  db: Db;
  stores: Stores;
  status: StatusClient;
  chat: ChatServer;
  port: number;
  /** Another ChatServer over the same database, stores and StatusServer (the caller closes it). */
  another(name: string, config?: Partial<ChatConfig>): Promise<{ chat: ChatServer; port: number }>;
  /** A user row and its uid. */
  user(username: string): Promise<string>;
  close(): Promise<void>;
}

export async function startOneServer(
  name: string,
  config?: Partial<ChatConfig>,
): Promise<OneServer> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'parley-chat-'));
  const db = await openDb(`file:${path.join(dir, 'p.db')}`);
  const stores = createStores({});
  const statusServer = createStatusServer({ stores, tokenTtlMs: 60_000, logger: silentLogger });
  const status = connectStatus(`127.0.0.1:${await statusServer.listen('127.0.0.1', 0)}`);
  const another = async (n: string, c?: Partial<ChatConfig>) => {
    const chat = createChatServer({
      name: n,
      publicHost: '127.0.0.1',
      db,
      stores,
      status,
      peers: new PeerHub().transport(),
      logger: silentLogger,
      ...(c ? { config: c } : {}),
    });
    const port = await chat.listen('127.0.0.1', 0);
    // Listed by StatusServer once its first report lands.
    for (let i = 0; i < 50 && !(await status.list()).some((s) => s.name === n); i++) {
      await new Promise((r) => setTimeout(r, 20));
    }
    return { chat, port };
  };
  const { chat, port } = await another(name, config);
  return {
    db,
    stores,
    status,
    chat,
    port,
    another,
    async user(username) {
      const u = await db.prisma.user.create({
        data: { username, email: `${username}@example.com`, passwordHash: 'x', nick: username },
      });
      return String(u.id);
    },
    async close() {
      await chat.close();
      status.close();
      await statusServer.close();
      await stores.close();
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
