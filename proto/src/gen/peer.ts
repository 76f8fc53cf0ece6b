import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { GroupChanged__Input as _parley_peer_GroupChanged__Input, GroupChanged__Output as _parley_peer_GroupChanged__Output } from './parley/peer/GroupChanged';
import type { PeerBatch__Input as _parley_peer_PeerBatch__Input, PeerBatch__Output as _parley_peer_PeerBatch__Output } from './parley/peer/PeerBatch';
import type { PeerControl__Input as _parley_peer_PeerControl__Input, PeerControl__Output as _parley_peer_PeerControl__Output } from './parley/peer/PeerControl';
import type { PeerEnvelope__Input as _parley_peer_PeerEnvelope__Input, PeerEnvelope__Output as _parley_peer_PeerEnvelope__Output } from './parley/peer/PeerEnvelope';
import type { PeerServiceClient as _parley_peer_PeerServiceClient, PeerServiceDefinition as _parley_peer_PeerServiceDefinition } from './parley/peer/PeerService';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  parley: {
    peer: {
      GroupChanged: MessageTypeDefinition<_parley_peer_GroupChanged__Input, _parley_peer_GroupChanged__Output>
      PeerBatch: MessageTypeDefinition<_parley_peer_PeerBatch__Input, _parley_peer_PeerBatch__Output>
      PeerControl: MessageTypeDefinition<_parley_peer_PeerControl__Input, _parley_peer_PeerControl__Output>
      PeerEnvelope: MessageTypeDefinition<_parley_peer_PeerEnvelope__Input, _parley_peer_PeerEnvelope__Output>
      PeerService: SubtypeConstructor<typeof grpc.Client, _parley_peer_PeerServiceClient> & { service: _parley_peer_PeerServiceDefinition }
    }
  }
}

