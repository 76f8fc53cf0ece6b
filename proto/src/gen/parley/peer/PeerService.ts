// Original file: grpc/peer.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { PeerBatch__Input as _parley_peer_PeerBatch__Input, PeerBatch__Output as _parley_peer_PeerBatch__Output } from '../../parley/peer/PeerBatch';

export interface PeerServiceClient extends grpc.Client {
  Forward(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_parley_peer_PeerBatch__Input, _parley_peer_PeerBatch__Output>;
  Forward(options?: grpc.CallOptions): grpc.ClientDuplexStream<_parley_peer_PeerBatch__Input, _parley_peer_PeerBatch__Output>;
  forward(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_parley_peer_PeerBatch__Input, _parley_peer_PeerBatch__Output>;
  forward(options?: grpc.CallOptions): grpc.ClientDuplexStream<_parley_peer_PeerBatch__Input, _parley_peer_PeerBatch__Output>;
  
}

export interface PeerServiceHandlers extends grpc.UntypedServiceImplementation {
  Forward: grpc.handleBidiStreamingCall<_parley_peer_PeerBatch__Output, _parley_peer_PeerBatch__Input>;
  
}

export interface PeerServiceDefinition extends grpc.ServiceDefinition {
  Forward: MethodDefinition<_parley_peer_PeerBatch__Input, _parley_peer_PeerBatch__Input, _parley_peer_PeerBatch__Output, _parley_peer_PeerBatch__Output>
}
