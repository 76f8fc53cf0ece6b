// The WebSocket transport to the bridge (PROTOCOL.md §1, §8): one binary WebSocket message is
// exactly one frame, both ways. It knows frames, not requests or sessions (see client.ts), and
// the client depends only on the small `Transport` interface, so tests can swap in a fake.
import { decodeJsonBody, encodeFrame, FrameDecoder, FrameTooLargeError } from '@parley/proto';

export interface TransportEvents {
  onOpen(): void;
  onFrame(type: number, body: Record<string, unknown>): void;
  /** Called once, when the connection ends by the other side or by a failure (not by close()). */
  onClose(code: number, reason: string): void;
}

export interface Transport {
  /** false when the socket is not open (the frame is dropped). */
  send(type: number, body: unknown): boolean;
  /** Close quietly: no onClose follows. */
  close(code?: number, reason?: string): void;
}

export type TransportFactory = (url: string, events: TransportEvents) => Transport;

/** Bodies from a server are bounded by its own limit (64 KiB by default, configurable, §1). */
const MAX_INBOUND_BODY = 1024 * 1024; // 1 MiB
/** RFC 6455 close codes this side uses. */
export const CloseCode = {
  NORMAL: 1000,
  ABNORMAL: 1006, // never sent; what the browser reports when the connection just drops
  PROTOCOL_ERROR: 1002,
  POLICY: 1008,
  TOO_BIG: 1009,
  SERVICE_RESTART: 1012, // the bridge: this ChatServer is shutting down (reconnect)
  UNAUTHORIZED: 4401, // the bridge: origin or server name refused
} as const;

export const createWebSocketTransport: TransportFactory = (url, events) => {
  const decoder = new FrameDecoder({ maxBody: MAX_INBOUND_BODY });
  let ws: WebSocket;
  let done = false;

  const finish = (code: number, reason: string): void => {
    if (done) return;
    done = true;
    events.onClose(code, reason);
  };

  try {
    ws = new WebSocket(url);
  } catch (err) {
    // A malformed URL throws synchronously; report it like any failed connection, but async
    // so the caller has its handle before the callback runs.
    queueMicrotask(() => finish(CloseCode.ABNORMAL, String(err)));
    return { send: () => false, close: () => void (done = true) };
  }
  ws.binaryType = 'arraybuffer';

  ws.onopen = () => {
    if (!done) events.onOpen();
  };
  ws.onclose = (e) => finish(e.code, e.reason);
  // An error is always followed by close; nothing to add here.
  ws.onerror = () => undefined;
  ws.onmessage = (e: MessageEvent<unknown>) => {
    if (done) return;
    if (!(e.data instanceof ArrayBuffer)) {
      // §1: binary messages only. A text message means something else is talking.
      fail(CloseCode.PROTOCOL_ERROR, 'text message on a binary channel');
      return;
    }
    let frames;
    try {
      frames = decoder.push(new Uint8Array(e.data));
    } catch (err) {
      fail(
        err instanceof FrameTooLargeError ? CloseCode.TOO_BIG : CloseCode.PROTOCOL_ERROR,
        String(err),
      );
      return;
    }
    // §1 through the bridge: exactly one frame per message, byte for byte.
    if (frames.length !== 1 || decoder.buffered !== 0) {
      fail(CloseCode.PROTOCOL_ERROR, 'a WebSocket message must carry exactly one frame');
      return;
    }
    const frame = frames[0]!;
    const body = decodeJsonBody(frame.body);
    if (!body.ok) {
      fail(CloseCode.PROTOCOL_ERROR, body.error.message);
      return;
    }
    events.onFrame(frame.type, body.value);
  };

  function detach(): void {
    ws.onopen = null;
    ws.onclose = null;
    ws.onmessage = null;
    ws.onerror = null;
  }

  function fail(code: number, reason: string): void {
    detach();
    try {
      ws.close(code === CloseCode.TOO_BIG ? code : CloseCode.PROTOCOL_ERROR, reason.slice(0, 100));
    } catch {
      // already closing
    }
    finish(code, reason);
  }

  return {
    send(type, body) {
      if (done || ws.readyState !== WebSocket.OPEN) return false;
      // encodeFrame allocates a fresh ArrayBuffer-backed array (never shared memory).
      ws.send(encodeFrame(type, body) as Uint8Array<ArrayBuffer>);
      return true;
    },
    close(code = CloseCode.NORMAL, reason = '') {
      done = true;
      detach();
      try {
        ws.close(code, reason);
      } catch {
        // already closed
      }
    },
  };
};
