// Original file: grpc/status.proto


export interface ChatServerInfo__Input {
  'name'?: (string);
  'host'?: (string);
  'port'?: (number);
  'load'?: (number);
  'peer'?: (string);
  'draining'?: (boolean);
}

export interface ChatServerInfo__Output {
  'name': (string);
  'host': (string);
  'port': (number);
  'load': (number);
  'peer': (string);
  'draining': (boolean);
}
