// Original file: grpc/verify.proto


export interface SendCodeRequest__Input {
  'email'?: (string);
  'purpose'?: (string);
  'silent'?: (boolean);
}

export interface SendCodeRequest__Output {
  'email': (string);
  'purpose': (string);
  'silent': (boolean);
}
