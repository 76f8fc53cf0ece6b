// Original file: grpc/peer.proto


export interface PeerEnvelope__Input {
  'toUids'?: (string)[];
  'type'?: (number);
  'body'?: (Buffer | Uint8Array | string);
  'sessionId'?: (string);
  'conversationId'?: (string);
  'seq'?: (number);
  'exceptSession'?: (string);
}

export interface PeerEnvelope__Output {
  'toUids': (string)[];
  'type': (number);
  'body': (Buffer);
  'sessionId': (string);
  'conversationId': (string);
  'seq': (number);
  'exceptSession': (string);
}
