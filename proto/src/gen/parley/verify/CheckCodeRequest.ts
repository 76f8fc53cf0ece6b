// Original file: grpc/verify.proto


export interface CheckCodeRequest__Input {
  'email'?: (string);
  'purpose'?: (string);
  'code'?: (string);
}

export interface CheckCodeRequest__Output {
  'email': (string);
  'purpose': (string);
  'code': (string);
}
