// gRPC side of the contract (node only; the browser imports `@parley/proto`, never this file).
// Service definitions are loaded from proto/grpc/*.proto at run time; the TypeScript types in
// ./gen are generated from the same files by `npm run gen:grpc -w @parley/proto`.
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { fileURLToPath } from 'node:url';
import type { ProtoGrpcType as StatusProto } from './gen/status';
import type { ProtoGrpcType as VerifyProto } from './gen/verify';
import type { ProtoGrpcType as PeerProto } from './gen/peer';
import type { StatusServiceClient } from './gen/parley/status/StatusService';
import type { VerifyServiceClient } from './gen/parley/verify/VerifyService';

export type { StatusServiceHandlers } from './gen/parley/status/StatusService';
export type { VerifyServiceHandlers } from './gen/parley/verify/VerifyService';
export type { PeerServiceHandlers, PeerServiceClient } from './gen/parley/peer/PeerService';
export type {
  PeerBatch__Output as PeerBatch,
  PeerBatch__Input as PeerBatchInput,
} from './gen/parley/peer/PeerBatch';
export type { PeerEnvelope__Output as PeerEnvelope } from './gen/parley/peer/PeerEnvelope';
export type { ChatServerInfo__Output as ChatServerInfo } from './gen/parley/status/ChatServerInfo';
export type { OutboxMail__Output as OutboxMail } from './gen/parley/verify/OutboxMail';
export { grpc };

const LOADER_OPTIONS: protoLoader.Options = {
  keepCase: false,
  longs: Number,
  enums: String,
  defaults: true,
  oneofs: true,
};

function load<T>(file: string): T {
  const path = fileURLToPath(new URL(`../grpc/${file}`, import.meta.url));
  return grpc.loadPackageDefinition(protoLoader.loadSync(path, LOADER_OPTIONS)) as unknown as T;
}

let cache: { status: StatusProto; verify: VerifyProto; peer: PeerProto } | undefined;
export function protos(): { status: StatusProto; verify: VerifyProto; peer: PeerProto } {
  cache ??= {
    status: load<StatusProto>('status.proto'),
    verify: load<VerifyProto>('verify.proto'),
    peer: load<PeerProto>('peer.proto'),
  };
  return cache;
}

export const statusService = (): grpc.ServiceDefinition =>
  protos().status.parley.status.StatusService.service;
export const verifyService = (): grpc.ServiceDefinition =>
  protos().verify.parley.verify.VerifyService.service;
export const peerService = (): grpc.ServiceDefinition =>
  protos().peer.parley.peer.PeerService.service;

/** Deadline for one internal unary call: long enough for a loaded machine, short enough that a
 *  dead dependency surfaces as INTERNAL/UNAVAILABLE rather than a hung HTTP request. */
export const RPC_DEADLINE_MS = 5_000;

/** Argument and reply of a generated unary method (conditional types see the last overload,
 *  `(argument, callback)`, of the generated client). */
type Unary<F> = F extends (arg: infer A, cb: grpc.requestCallback<infer R>) => grpc.ClientUnaryCall
  ? [A, R]
  : never;

/** Promisified unary call with a deadline: `await call(client, 'PickChatServer', {})`. */
export function call<C extends grpc.Client, K extends keyof C & string>(
  client: C,
  method: K,
  arg: Unary<C[K]>[0],
): Promise<Unary<C[K]>[1]> {
  type R = Unary<C[K]>[1];
  return new Promise<R>((resolve, reject) => {
    const fn = client[method] as unknown as (
      a: unknown,
      o: grpc.CallOptions,
      cb: (err: grpc.ServiceError | null, value?: R) => void,
    ) => void;
    fn.call(client, arg, { deadline: Date.now() + RPC_DEADLINE_MS }, (err, value) => {
      if (err) reject(err);
      else resolve(value!);
    });
  });
}

export function createStatusClient(address: string): StatusServiceClient {
  const Ctor = protos().status.parley.status.StatusService;
  return new Ctor(address, grpc.credentials.createInsecure());
}

export function createVerifyClient(address: string): VerifyServiceClient {
  const Ctor = protos().verify.parley.verify.VerifyService;
  return new Ctor(address, grpc.credentials.createInsecure());
}

export function createPeerClient(
  address: string,
): import('./gen/parley/peer/PeerService').PeerServiceClient {
  const Ctor = protos().peer.parley.peer.PeerService;
  return new Ctor(address, grpc.credentials.createInsecure());
}

/** Bind a gRPC server on host:port (port 0 = any free port) and resolve the bound port. */
export function bindServer(server: grpc.Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.bindAsync(`${host}:${port}`, grpc.ServerCredentials.createInsecure(), (err, bound) => {
      if (err) reject(err);
      else resolve(bound);
    });
  });
}

/** Graceful shutdown with a hard stop after graceMs, so Ctrl-C never hangs on a stuck stream. */
export function shutdownServer(server: grpc.Server, graceMs = 2_000): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      server.forceShutdown();
      resolve();
    }, graceMs);
    server.tryShutdown(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}
