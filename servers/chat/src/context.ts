// What every handler can reach: the server's identity, its live connections and its deps.
import type { Db } from '@parley/db';
import type { Logger, Stores } from '@parley/core';
import type { StatusClient } from '@parley/status';
import type { Connection } from './connection';

export interface ChatConfig {
  heartbeatMs: number;
  maxBody: number;
  loginTimeoutMs: number;
}

export interface ChatContext {
  name: string;
  config: ChatConfig;
  db: Db;
  stores: Pick<Stores, 'routes'>;
  status: StatusClient;
  logger: Logger;
  /** uid → its live connection on this server. */
  online: Map<string, Connection>;
}

/** A handler answers a request; its return value (if any) is sent as the response body with
 *  error 0 and the request's reqId. Throw a ParleyError for a coded failure. */
export type Handler = (
  ctx: ChatContext,
  conn: Connection,
  body: Record<string, unknown>,
) => Promise<object | void> | object | void;
