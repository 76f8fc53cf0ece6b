// Original file: grpc/status.proto


export interface UserRequest__Input {
  'uid'?: (string);
}

export interface UserRequest__Output {
  'uid': (string);
}
