/**
 * @parley/proto — the wire contract (PROTOCOL.md): frame codec, error table, message catalogue.
 * Browser-safe: Uint8Array only, no Node imports. The gRPC definitions are Node-only and live
 * behind `@parley/proto/grpc`.
 */
export * from './errors';
export * from './codec';
export * from './messages';
export * from './http';
export * from './ids';
