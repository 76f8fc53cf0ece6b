// Original file: grpc/status.proto

import type { ChatServerInfo__Input as _parley_status_ChatServerInfo__Input, ChatServerInfo__Output as _parley_status_ChatServerInfo__Output } from '../../parley/status/ChatServerInfo';

export interface ChatServerList__Input {
  'servers'?: (_parley_status_ChatServerInfo__Input)[];
}

export interface ChatServerList__Output {
  'servers': (_parley_status_ChatServerInfo__Output)[];
}
