// Original file: grpc/status.proto


export interface ChatServerName__Input {
  'name'?: (string);
}

export interface ChatServerName__Output {
  'name': (string);
}
