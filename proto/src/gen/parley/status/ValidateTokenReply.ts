// Original file: grpc/status.proto


export interface ValidateTokenReply__Input {
  'error'?: (number);
  'message'?: (string);
  'uid'?: (string);
}

export interface ValidateTokenReply__Output {
  'error': (number);
  'message': (string);
  'uid': (string);
}
