// The WebSocket bridge (issue 4): one browser WebSocket ↔ one TCP connection to the ChatServer
// that GateServer assigned. One binary WebSocket message carries exactly one frame of PROTOCOL.md
// §1, byte for byte, checked with the proto codec. The bridge dials only ChatServers that
// StatusServer lists as live (§8) — never a host or port a client names.
import { createServer, type IncomingMessage } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { DEFAULT_MAX_BODY, encodeFrameBytes, FrameDecoder, HEADER_BYTES } from '@parley/proto';
import type { Logger } from '@parley/core';
import type { ChatServerAddr } from '@parley/status';

/** Close codes (RFC 6455 §7.4.1 and the IANA registry). */
export const Close = {
  NORMAL: 1000,
  UNSUPPORTED: 1003, // a text message
  INVALID: 1007, // not exactly one well-formed frame
  TOO_BIG: 1009, // a frame over the body limit
  INTERNAL: 1011, // the ChatServer could not be reached
  RESTART: 1012, // the ChatServer went away: reconnect
} as const;

/** Frames the ChatServer sends may be larger than what it accepts (a HISTORY page of long texts). */
const MAX_DOWNSTREAM_BODY = 16 * 1024 * 1024;
/** Above this much unsent WebSocket data the TCP side pauses (and the reverse for TCP). */
const HIGH_WATER_BYTES = 1024 * 1024;
export const PING_INTERVAL_MS = 20_000;

export interface BridgeOptions {
  /** Live ChatServers, by name (StatusServer's registry). */
  lookup(name: string): Promise<ChatServerAddr | null>;
  allowedOrigins: readonly string[];
  maxBody?: number;
  pingIntervalMs?: number;
  logger: Logger;
}

export interface Bridge {
  listen(host: string, port: number): Promise<number>;
  /** Open browser connections. */
  size(): number;
  /** ChatServer connections paused right now because their browser is not reading. */
  paused(): number;
  close(): Promise<void>;
}

/** A frame's bytes: a view of `chunk` when the whole frame lies in it (the common case), else a
 *  copy re-assembled from the decoder's body (a frame split over reads). */
function frameBytes(chunk: Buffer, type: number, body: Uint8Array): Uint8Array {
  const start = body.byteOffset - HEADER_BYTES;
  if (
    body.buffer === chunk.buffer &&
    start >= chunk.byteOffset &&
    body.byteOffset + body.byteLength <= chunk.byteOffset + chunk.byteLength
  )
    return new Uint8Array(chunk.buffer, start, HEADER_BYTES + body.byteLength);
  return encodeFrameBytes(type, body);
}

function refuse(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

export function createBridge(opts: BridgeOptions): Bridge {
  const log = opts.logger.child({ svc: 'bridge' });
  const maxBody = opts.maxBody ?? DEFAULT_MAX_BODY;
  const allowed = new Set(opts.allowedOrigins);
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: maxBody + HEADER_BYTES,
    perMessageDeflate: false,
  });
  const http = createServer((_req, res) => {
    res.writeHead(426, { 'content-type': 'text/plain' });
    res.end('WebSocket only: /ws?server=<name>\n');
  });
  let nextId = 1;
  let paused = 0;

  http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => undefined);
    const url = new URL(req.url ?? '/', 'http://bridge');
    if (url.pathname !== '/ws') return refuse(socket, 404, 'Not Found');
    // Origin first: a page from elsewhere never gets to probe which servers exist.
    const origin = req.headers.origin;
    if (!origin || !allowed.has(origin)) return refuse(socket, 403, 'Forbidden');
    const name = url.searchParams.get('server') ?? '';
    opts.lookup(name).then(
      (target) => {
        if (!target) return refuse(socket, 404, 'Not Found');
        wss.handleUpgrade(req, socket, head, (ws) => pipe(ws, socket, target));
      },
      (err: unknown) => {
        log.warn({ err }, 'registry lookup failed');
        refuse(socket, 503, 'Service Unavailable');
      },
    );
  });

  /** `raw` is the browser's socket under `ws`: its 'drain' says the WebSocket side has written
   *  what it buffered, and corking it makes one write of a tick's frames. */
  function pipe(ws: WebSocket, raw: Duplex, target: ChatServerAddr): void {
    const id = nextId++;
    const clog = log.child({ connId: id, server: target.name });
    const up = new FrameDecoder({ maxBody });
    const down = new FrameDecoder({ maxBody: MAX_DOWNSTREAM_BODY });
    const tcp: Socket = connect({ host: target.host, port: target.port });
    tcp.setNoDelay(true);
    let alive = true;
    let tcpReady = false;
    const early: Buffer[] = [];

    const closeWs = (code: number, reason: string) => {
      if (ws.readyState === ws.OPEN || ws.readyState === ws.CONNECTING) ws.close(code, reason);
    };

    tcp.on('connect', () => {
      tcpReady = true;
      for (const b of early) tcp.write(b);
      early.length = 0;
    });
    let tcpPaused = false;
    const resumeTcp = () => {
      if (!tcpPaused) return;
      tcpPaused = false;
      paused--;
      raw.off('drain', resumeTcp);
      if (ws.readyState === ws.OPEN) tcp.resume();
    };
    tcp.on('data', (chunk: Buffer) => {
      let frames;
      try {
        frames = down.push(chunk);
      } catch {
        closeWs(Close.INTERNAL, 'bad frame from chat server');
        tcp.destroy();
        return;
      }
      // One write of the whole chunk's frames rather than two per frame (header, payload).
      raw.cork();
      for (const f of frames) {
        // The exact bytes of the frame, header + body, one WebSocket message each.
        ws.send(frameBytes(chunk, f.type, f.body), { binary: true });
      }
      raw.uncork();
      // Backpressure: a browser that does not read pauses its ChatServer connection until the
      // browser's socket has written out what it holds ('drain'), with no timer polling it.
      if (ws.bufferedAmount > HIGH_WATER_BYTES && !tcpPaused) {
        tcpPaused = true;
        paused++;
        tcp.pause();
        raw.on('drain', resumeTcp);
      }
    });
    tcp.on('error', (err) => {
      clog.debug({ err }, 'chat server connection failed');
      closeWs(tcpReady ? Close.RESTART : Close.INTERNAL, 'chat server unavailable');
    });
    tcp.on('close', () => closeWs(Close.RESTART, 'chat server closed the connection'));
    tcp.on('drain', () => ws.resume());

    ws.on('message', (data: RawData, isBinary: boolean) => {
      if (!isBinary) return closeWs(Close.UNSUPPORTED, 'binary frames only');
      // binaryType is 'nodebuffer': `data` is a Buffer of its own, passed on without a copy.
      const msg = Buffer.isBuffer(data)
        ? data
        : Array.isArray(data)
          ? Buffer.concat(data)
          : Buffer.from(data);
      // Exactly one whole frame per message (§1 through the bridge), checked by the codec.
      let frames;
      try {
        frames = up.push(msg);
      } catch {
        return closeWs(Close.TOO_BIG, 'frame too large');
      }
      if (frames.length !== 1 || up.buffered !== 0) {
        return closeWs(Close.INVALID, 'one WebSocket message must carry exactly one frame');
      }
      if (!tcpReady) early.push(msg);
      else if (!tcp.write(msg)) ws.pause();
    });
    ws.on('pong', () => (alive = true));
    ws.on('close', () => {
      clearInterval(ping);
      resumeTcp();
      tcp.end();
      setTimeout(() => tcp.destroy(), 2_000).unref();
    });
    ws.on('error', () => undefined);
    // Ping/pong drops browsers that vanished without a close.
    const ping = setInterval(() => {
      if (!alive) return ws.terminate();
      alive = false;
      ws.ping();
    }, opts.pingIntervalMs ?? PING_INTERVAL_MS);
    ping.unref();
  }

  return {
    size: () => wss.clients.size,
    paused: () => paused,
    listen: (host, port) =>
      new Promise((resolve, reject) => {
        http.once('error', reject);
        http.listen(port, host, () => resolve((http.address() as AddressInfo).port));
      }),
    async close() {
      for (const ws of wss.clients) ws.close(Close.RESTART, 'bridge shutting down');
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

/** A registry lookup over StatusServer's live list, cached briefly: upgrades are rare, but a
 *  reconnect storm after a ChatServer restart should not become a storm of registry reads. */
export function registryLookup(
  list: () => Promise<ChatServerAddr[]>,
  ttlMs = 1_000,
): (name: string) => Promise<ChatServerAddr | null> {
  let at = 0;
  let snapshot: ChatServerAddr[] = [];
  let loading: Promise<void> | null = null;
  return async (name) => {
    if (!name) return null;
    if (Date.now() - at > ttlMs || !snapshot.some((s) => s.name === name)) {
      loading ??= list()
        .then((l) => {
          snapshot = l;
          at = Date.now();
        })
        .finally(() => (loading = null));
      await loading;
    }
    return snapshot.find((s) => s.name === name) ?? null;
  };
}
