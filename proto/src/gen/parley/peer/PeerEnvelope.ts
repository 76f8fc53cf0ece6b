// Original file: grpc/peer.proto

import type { PeerControl__Input as _parley_peer_PeerControl__Input, PeerControl__Output as _parley_peer_PeerControl__Output } from '../../parley/peer/PeerControl';

export interface PeerEnvelope__Input {
  'toUids'?: (string)[];
  'type'?: (number);
  'body'?: (Buffer | Uint8Array | string);
  'sessionId'?: (string);
  'conversationId'?: (string);
  'seq'?: (number);
  'exceptSession'?: (string);
  'control'?: (_parley_peer_PeerControl__Input | null);
}

export interface PeerEnvelope__Output {
  'toUids': (string)[];
  'type': (number);
  'body': (Buffer);
  'sessionId': (string);
  'conversationId': (string);
  'seq': (number);
  'exceptSession': (string);
  'control': (_parley_peer_PeerControl__Output | null);
}
