import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { Ack__Input as _parley_status_Ack__Input, Ack__Output as _parley_status_Ack__Output } from './parley/status/Ack';
import type { ChatServerInfo__Input as _parley_status_ChatServerInfo__Input, ChatServerInfo__Output as _parley_status_ChatServerInfo__Output } from './parley/status/ChatServerInfo';
import type { ChatServerList__Input as _parley_status_ChatServerList__Input, ChatServerList__Output as _parley_status_ChatServerList__Output } from './parley/status/ChatServerList';
import type { ChatServerName__Input as _parley_status_ChatServerName__Input, ChatServerName__Output as _parley_status_ChatServerName__Output } from './parley/status/ChatServerName';
import type { ChatServerReport__Input as _parley_status_ChatServerReport__Input, ChatServerReport__Output as _parley_status_ChatServerReport__Output } from './parley/status/ChatServerReport';
import type { Empty__Input as _parley_status_Empty__Input, Empty__Output as _parley_status_Empty__Output } from './parley/status/Empty';
import type { IssueTokenReply__Input as _parley_status_IssueTokenReply__Input, IssueTokenReply__Output as _parley_status_IssueTokenReply__Output } from './parley/status/IssueTokenReply';
import type { IssueTokenRequest__Input as _parley_status_IssueTokenRequest__Input, IssueTokenRequest__Output as _parley_status_IssueTokenRequest__Output } from './parley/status/IssueTokenRequest';
import type { PickReply__Input as _parley_status_PickReply__Input, PickReply__Output as _parley_status_PickReply__Output } from './parley/status/PickReply';
import type { StatusServiceClient as _parley_status_StatusServiceClient, StatusServiceDefinition as _parley_status_StatusServiceDefinition } from './parley/status/StatusService';
import type { TokenHashesRequest__Input as _parley_status_TokenHashesRequest__Input, TokenHashesRequest__Output as _parley_status_TokenHashesRequest__Output } from './parley/status/TokenHashesRequest';
import type { TokenRequest__Input as _parley_status_TokenRequest__Input, TokenRequest__Output as _parley_status_TokenRequest__Output } from './parley/status/TokenRequest';
import type { UserRequest__Input as _parley_status_UserRequest__Input, UserRequest__Output as _parley_status_UserRequest__Output } from './parley/status/UserRequest';
import type { ValidateTokenReply__Input as _parley_status_ValidateTokenReply__Input, ValidateTokenReply__Output as _parley_status_ValidateTokenReply__Output } from './parley/status/ValidateTokenReply';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  parley: {
    status: {
      Ack: MessageTypeDefinition<_parley_status_Ack__Input, _parley_status_Ack__Output>
      ChatServerInfo: MessageTypeDefinition<_parley_status_ChatServerInfo__Input, _parley_status_ChatServerInfo__Output>
      ChatServerList: MessageTypeDefinition<_parley_status_ChatServerList__Input, _parley_status_ChatServerList__Output>
      ChatServerName: MessageTypeDefinition<_parley_status_ChatServerName__Input, _parley_status_ChatServerName__Output>
      ChatServerReport: MessageTypeDefinition<_parley_status_ChatServerReport__Input, _parley_status_ChatServerReport__Output>
      Empty: MessageTypeDefinition<_parley_status_Empty__Input, _parley_status_Empty__Output>
      IssueTokenReply: MessageTypeDefinition<_parley_status_IssueTokenReply__Input, _parley_status_IssueTokenReply__Output>
      IssueTokenRequest: MessageTypeDefinition<_parley_status_IssueTokenRequest__Input, _parley_status_IssueTokenRequest__Output>
      PickReply: MessageTypeDefinition<_parley_status_PickReply__Input, _parley_status_PickReply__Output>
      StatusService: SubtypeConstructor<typeof grpc.Client, _parley_status_StatusServiceClient> & { service: _parley_status_StatusServiceDefinition }
      TokenHashesRequest: MessageTypeDefinition<_parley_status_TokenHashesRequest__Input, _parley_status_TokenHashesRequest__Output>
      TokenRequest: MessageTypeDefinition<_parley_status_TokenRequest__Input, _parley_status_TokenRequest__Output>
      UserRequest: MessageTypeDefinition<_parley_status_UserRequest__Input, _parley_status_UserRequest__Output>
      ValidateTokenReply: MessageTypeDefinition<_parley_status_ValidateTokenReply__Input, _parley_status_ValidateTokenReply__Output>
    }
  }
}

