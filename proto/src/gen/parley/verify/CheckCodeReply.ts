// Original file: grpc/verify.proto


export interface CheckCodeReply__Input {
  'error'?: (number);
  'message'?: (string);
}

export interface CheckCodeReply__Output {
  'error': (number);
  'message': (string);
}
