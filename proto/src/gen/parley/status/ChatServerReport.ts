// Original file: grpc/status.proto

import type { ChatServerInfo__Input as _parley_status_ChatServerInfo__Input, ChatServerInfo__Output as _parley_status_ChatServerInfo__Output } from '../../parley/status/ChatServerInfo';

export interface ChatServerReport__Input {
  'server'?: (_parley_status_ChatServerInfo__Input | null);
}

export interface ChatServerReport__Output {
  'server': (_parley_status_ChatServerInfo__Output | null);
}
