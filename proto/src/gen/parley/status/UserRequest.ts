// Original file: grpc/status.proto


export interface UserRequest__Input {
  'uid'?: (string);
  'kickReason'?: (string);
}

export interface UserRequest__Output {
  'uid': (string);
  'kickReason': (string);
}
