// One logged-in chat connection for the CLI, on top of ChatClient: typed requests (responses are
// checked against the @parley/proto schemas, failures become ParleyErrors with their §6 code),
// typed push handlers, and the heartbeat that §4 asks for.
import {
  ErrorCode,
  MsgType,
  ParleyError,
  describeType,
  isErrorCode,
  validateBody,
  type BodyOf,
  type PushType,
  type RequestInput,
} from '@parley/proto';
import { ChatClient, type Received } from '../client';

/** Each request the CLI makes, with the response type that answers it (§2: N → N + 1). */
const RESPONSE_OF = {
  [MsgType.LOGIN]: MsgType.LOGIN_RSP,
  [MsgType.HEARTBEAT]: MsgType.HEARTBEAT_RSP,
  [MsgType.SEARCH_USER]: MsgType.SEARCH_USER_RSP,
  [MsgType.FRIEND_ADD]: MsgType.FRIEND_ADD_RSP,
  [MsgType.FRIEND_REPLY]: MsgType.FRIEND_REPLY_RSP,
  [MsgType.FRIEND_LIST]: MsgType.FRIEND_LIST_RSP,
  [MsgType.FRIEND_REQUESTS]: MsgType.FRIEND_REQUESTS_RSP,
  [MsgType.SEND_MSG]: MsgType.SEND_MSG_RSP,
  [MsgType.HISTORY]: MsgType.HISTORY_RSP,
  [MsgType.CONVERSATIONS]: MsgType.CONVERSATIONS_RSP,
  [MsgType.ACK]: MsgType.ACK_RSP,
  [MsgType.READ]: MsgType.READ_RSP,
  [MsgType.SEARCH_MSG]: MsgType.SEARCH_MSG_RSP,
  [MsgType.DEVICES]: MsgType.DEVICES_RSP,
  [MsgType.DEVICE_REVOKE]: MsgType.DEVICE_REVOKE_RSP,
} as const;

export type Callable = keyof typeof RESPONSE_OF;
/** The success branch of request `T`'s response body. */
export type Ok<T extends Callable> = Extract<BodyOf<(typeof RESPONSE_OF)[T]>, { error: 0 }>;

/** How long to wait for any response before reporting a timeout. */
export const REQUEST_TIMEOUT_MS = 5_000;
/** A push handler re-arms after this long without its type, since ChatClient.next is one-shot. */
const PUSH_WAIT_MS = 60_000;

export class Session {
  private heartbeat: NodeJS.Timeout | null = null;
  private stopping = false;

  private constructor(private readonly client: ChatClient) {}

  static async connect(host: string, port: number): Promise<Session> {
    // A server outside the contract is worth a warning, not a crash of the user's session.
    const onViolation = (v: Error): void => void process.stderr.write(`warning: ${v.message}\n`);
    return new Session(await ChatClient.connect(host, port, { onViolation }));
  }

  /** Resolves when the connection is gone, for whatever reason. */
  get closed(): Promise<void> {
    return this.client.closed;
  }

  get isClosed(): boolean {
    return this.client.isClosed;
  }

  /** Send request `type` and return its successful response; throws ParleyError on a failure
   *  response (its §6 code) and plain Error on a timeout or a response that breaks the schema. */
  async call<T extends Callable>(type: T, body: RequestInput<T>): Promise<Ok<T>> {
    const r = await this.client.request(type, body, REQUEST_TIMEOUT_MS);
    return this.check(type, r);
  }

  private check<T extends Callable>(type: T, r: Received): Ok<T> {
    const error = r.body['error'];
    const message = typeof r.body['message'] === 'string' ? r.body['message'] : '';
    // Failures are reported by code before any schema check: a server with codes newer than this
    // client still gets its message shown.
    if (typeof error === 'number' && error !== ErrorCode.OK) {
      throw new ParleyError(
        isErrorCode(error) ? error : ErrorCode.INTERNAL,
        isErrorCode(error) ? message : `error ${error}: ${message}`,
      );
    }
    const want = RESPONSE_OF[type];
    if (r.type !== want)
      throw new Error(`expected ${describeType(want)}, got ${describeType(r.type)}`);
    const parsed = validateBody(want, r.body);
    if (!parsed.ok) throw new Error(`bad ${describeType(want)}: ${parsed.error.message}`);
    return parsed.value as Ok<T>;
  }

  /** Call `handler` with every push of `type`, in arrival order, until the connection closes.
   *  Malformed pushes go to `onBad` rather than being guessed at. */
  onPush<T extends PushType>(
    type: T,
    handler: (body: BodyOf<T>) => void,
    onBad: (type: number, why: string) => void,
  ): void {
    const pump = async (): Promise<void> => {
      while (!this.client.isClosed && !this.stopping) {
        let r: Received;
        try {
          r = await this.client.next(type, PUSH_WAIT_MS);
        } catch {
          continue; // nothing of this type for a while; wait again
        }
        const parsed = validateBody(type, r.body);
        if (parsed.ok) handler(parsed.value as BodyOf<T>);
        else onBad(type, parsed.error.message);
      }
    };
    void pump();
  }

  /** §4: a HEARTBEAT at least every `heartbeatMs`, or the server closes the connection. */
  startHeartbeat(everyMs: number, onFail: (err: unknown) => void): void {
    this.heartbeat = setInterval(() => {
      this.call(MsgType.HEARTBEAT, {}).catch((err: unknown) => {
        if (!this.client.isClosed) onFail(err);
      });
    }, everyMs);
    // The command reader keeps the process alive; a heartbeat alone never should.
    this.heartbeat.unref();
  }

  async close(): Promise<void> {
    this.stopping = true;
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
    if (!this.client.isClosed) await this.client.close();
  }
}
