// Original file: grpc/status.proto


export interface TokenHashesRequest__Input {
  'hashes'?: (string)[];
}

export interface TokenHashesRequest__Output {
  'hashes': (string)[];
}
