// Original file: grpc/status.proto


export interface IssueTokenRequest__Input {
  'uid'?: (string);
}

export interface IssueTokenRequest__Output {
  'uid': (string);
}
