// Original file: grpc/peer.proto


export interface GroupChanged__Input {
  'conversationId'?: (string);
  'joined'?: (string)[];
}

export interface GroupChanged__Output {
  'conversationId': (string);
  'joined': (string)[];
}
