// Original file: grpc/status.proto


export interface TokenRequest__Input {
  'token'?: (string);
}

export interface TokenRequest__Output {
  'token': (string);
}
