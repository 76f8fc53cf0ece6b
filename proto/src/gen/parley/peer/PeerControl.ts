// Original file: grpc/peer.proto

import type { GroupChanged__Input as _parley_peer_GroupChanged__Input, GroupChanged__Output as _parley_peer_GroupChanged__Output } from '../../parley/peer/GroupChanged';

export interface PeerControl__Input {
  'groupChanged'?: (_parley_peer_GroupChanged__Input | null);
  'kind'?: "groupChanged";
}

export interface PeerControl__Output {
  'groupChanged'?: (_parley_peer_GroupChanged__Output | null);
  'kind'?: "groupChanged";
}
