// Original file: grpc/status.proto


export interface Ack__Input {
  'error'?: (number);
  'message'?: (string);
  'kickUid'?: (string);
  'kickReason'?: (string);
}

export interface Ack__Output {
  'error': (number);
  'message': (string);
  'kickUid': (string);
  'kickReason': (string);
}
