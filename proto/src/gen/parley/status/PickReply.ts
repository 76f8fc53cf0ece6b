// Original file: grpc/status.proto

import type { ChatServerInfo__Input as _parley_status_ChatServerInfo__Input, ChatServerInfo__Output as _parley_status_ChatServerInfo__Output } from '../../parley/status/ChatServerInfo';

export interface PickReply__Input {
  'error'?: (number);
  'message'?: (string);
  'server'?: (_parley_status_ChatServerInfo__Input | null);
}

export interface PickReply__Output {
  'error': (number);
  'message': (string);
  'server': (_parley_status_ChatServerInfo__Output | null);
}
