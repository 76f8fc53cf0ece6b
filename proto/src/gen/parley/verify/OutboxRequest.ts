// Original file: grpc/verify.proto


export interface OutboxRequest__Input {
  'limit'?: (number);
}

export interface OutboxRequest__Output {
  'limit': (number);
}
