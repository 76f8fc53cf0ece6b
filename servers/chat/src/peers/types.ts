// How ChatServers hand each other frames for users connected elsewhere (issue 3 §5). Two
// transports implement it: an in-process hub (embedded mode, tests) and one gRPC bidirectional
// stream per peer pair (cluster mode).

/** What ChatServers tell each other about their own state (issue 10: not user-facing frames). */
export type PeerControl = {
  kind: 'group-changed';
  /** Drop this conversation's cached member list. */
  conversationId: string;
  /** Members who just joined; those connected at the receiver restart their delivery at the
   *  cursor the join set. */
  joined: string[];
};

/** A control on its own carries no frame for anyone: no recipients, type 0, empty body. (A
 *  control may also ride on an envelope that carries a frame.) */
export const controlEnvelope = (control: PeerControl): Envelope => ({
  toUids: [],
  type: 0,
  body: '',
  control,
});

export interface Envelope {
  /** Recipients connected at the receiving server. */
  toUids: string[];
  /** PROTOCOL.md message type of the frame to push. */
  type: number;
  /** The frame body, JSON serialised once by the sender and pushed as is: a string in this process
   *  (written straight into each connection's send buffer), UTF-8 bytes once it crossed the wire. */
  body: Uint8Array | string;
  /** MSG_NOTIFY: delivered in seq order per conversation. */
  conversationId?: string;
  seq?: number;
  /** KICKED: the session to close (only if it is still that session). Its body is the KICKED
   *  push to send. */
  sessionId?: string;
  /** PROTOCOL.md §9.2: a push to every device of the recipients except this session (the device
   *  whose request caused it, e.g. READ_NOTIFY to the reader's other devices). */
  exceptSession?: string;
  /** Set on a ChatServer-to-ChatServer message (controlEnvelope). */
  control?: PeerControl;
  /** Local bookkeeping, never sent: sessions already served on this server. */
  delivered?: Set<string>;
}

export type PeerHandler = (from: string, envelopes: Envelope[]) => void;

export interface PeerTransport {
  /** Start receiving for this server; returns the address peers reach it at ('' in-process). */
  start(name: string, onBatch: PeerHandler): Promise<string>;
  /** Queue envelopes for a peer; sent in one batch per tick. A peer that is down loses them:
   *  everything forwarded is stored, and reaches the recipient at its next login (§5). */
  send(peer: { name: string; peer?: string | undefined }, envelopes: Envelope[]): void;
  close(): Promise<void>;
  /** Open streams to other ChatServers, for metrics (a transport without streams omits it). */
  streams?(): number;
}
