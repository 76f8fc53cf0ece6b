// Original file: grpc/peer.proto

import type { PeerEnvelope__Input as _parley_peer_PeerEnvelope__Input, PeerEnvelope__Output as _parley_peer_PeerEnvelope__Output } from '../../parley/peer/PeerEnvelope';

export interface PeerBatch__Input {
  'from'?: (string);
  'envelopes'?: (_parley_peer_PeerEnvelope__Input)[];
}

export interface PeerBatch__Output {
  'from': (string);
  'envelopes': (_parley_peer_PeerEnvelope__Output)[];
}
