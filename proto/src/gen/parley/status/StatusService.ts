// Original file: grpc/status.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { Ack__Input as _parley_status_Ack__Input, Ack__Output as _parley_status_Ack__Output } from '../../parley/status/Ack';
import type { ChatServerList__Input as _parley_status_ChatServerList__Input, ChatServerList__Output as _parley_status_ChatServerList__Output } from '../../parley/status/ChatServerList';
import type { ChatServerName__Input as _parley_status_ChatServerName__Input, ChatServerName__Output as _parley_status_ChatServerName__Output } from '../../parley/status/ChatServerName';
import type { ChatServerReport__Input as _parley_status_ChatServerReport__Input, ChatServerReport__Output as _parley_status_ChatServerReport__Output } from '../../parley/status/ChatServerReport';
import type { Empty__Input as _parley_status_Empty__Input, Empty__Output as _parley_status_Empty__Output } from '../../parley/status/Empty';
import type { IssueTokenReply__Input as _parley_status_IssueTokenReply__Input, IssueTokenReply__Output as _parley_status_IssueTokenReply__Output } from '../../parley/status/IssueTokenReply';
import type { IssueTokenRequest__Input as _parley_status_IssueTokenRequest__Input, IssueTokenRequest__Output as _parley_status_IssueTokenRequest__Output } from '../../parley/status/IssueTokenRequest';
import type { PickReply__Input as _parley_status_PickReply__Input, PickReply__Output as _parley_status_PickReply__Output } from '../../parley/status/PickReply';
import type { TokenHashesRequest__Input as _parley_status_TokenHashesRequest__Input, TokenHashesRequest__Output as _parley_status_TokenHashesRequest__Output } from '../../parley/status/TokenHashesRequest';
import type { TokenRequest__Input as _parley_status_TokenRequest__Input, TokenRequest__Output as _parley_status_TokenRequest__Output } from '../../parley/status/TokenRequest';
import type { UserRequest__Input as _parley_status_UserRequest__Input, UserRequest__Output as _parley_status_UserRequest__Output } from '../../parley/status/UserRequest';
import type { ValidateTokenReply__Input as _parley_status_ValidateTokenReply__Input, ValidateTokenReply__Output as _parley_status_ValidateTokenReply__Output } from '../../parley/status/ValidateTokenReply';

export interface StatusServiceClient extends grpc.Client {
  Attach(argument: _parley_status_ChatServerName__Input, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_parley_status_Ack__Output>;
  Attach(argument: _parley_status_ChatServerName__Input, options?: grpc.CallOptions): grpc.ClientReadableStream<_parley_status_Ack__Output>;
  attach(argument: _parley_status_ChatServerName__Input, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_parley_status_Ack__Output>;
  attach(argument: _parley_status_ChatServerName__Input, options?: grpc.CallOptions): grpc.ClientReadableStream<_parley_status_Ack__Output>;
  
  IssueToken(argument: _parley_status_IssueTokenRequest__Input, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_parley_status_IssueTokenReply__Output>): grpc.ClientUnaryCall;
  IssueToken(argument: _parley_status_IssueTokenRequest__Input, metadata: grpc.Metadata, callback: grpc.requestCallback<_parley_status_IssueTokenReply__Output>): grpc.ClientUnaryCall;
  IssueToken(argument: _parley_status_IssueTokenRequest__Input, options: grpc.CallOptions, callback: grpc.requestCallback<_parley_status_IssueTokenReply__Output>): grpc.ClientUnaryCall;
  IssueToken(argument: _parley_status_IssueTokenRequest__Input, callback: grpc.requestCallback<_parley_status_IssueTokenReply__Output>): grpc.ClientUnaryCall;
  issueToken(argument: _parley_status_IssueTokenRequest__Input, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_parley_status_IssueTokenReply__Output>): grpc.ClientUnaryCall;
  issueToken(argument: _parley_status_IssueTokenRequest__Input, metadata: grpc.Metadata, callback: grpc.requestCallback<_parley_status_IssueTokenReply__Output>): grpc.ClientUnaryCall;
  issueToken(argument: _parley_status_IssueTokenRequest__Input, options: grpc.CallOptions, callback: grpc.requestCallback<_parley_status_IssueTokenReply__Output>): grpc.ClientUnaryCall;
  issueToken(argument: _parley_status_IssueTokenRequest__Input, callback: grpc.requestCallback<_parley_status_IssueTokenReply__Output>): grpc.ClientUnaryCall;
  
  ListChatServers(argument: _parley_status_Empty__Input, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_parley_status_ChatServerList__Output>): grpc.ClientUnaryCall;
  ListChatServers(argument: _parley_status_Empty__Input, metadata: grpc.Metadata, callback: grpc.requestCallback<_parley_status_ChatServerList__Output>): grpc.ClientUnaryCall;
  ListChatServers(argument: _parley_status_Empty__Input, options: grpc.CallOptions, callback: grpc.requestCallback<_parley_status_ChatServerList__Output>): grpc.ClientUnaryCall;
  ListChatServers(argument: _parley_status_Empty__Input, callback: grpc.requestCallback<_parley_status_ChatServerList__Output>): grpc.ClientUnaryCall;
  listChatServers(argument: _parley_status_Empty__Input, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_parley_status_ChatServerList__Output>): grpc.ClientUnaryCall;
  listChatServers(argument: _parley_status_Empty__Input, metadata: grpc.Metadata, callback: grpc.requestCallback<_parley_status_ChatServerList__Output>): grpc.ClientUnaryCall;
  listChatServers(argument: _parley_status_Empty__Input, options: grpc.CallOptions, callback: grpc.requestCallback<_parley_status_ChatServerList__Output>): grpc.ClientUnaryCall;
  listChatServers(argument: _parley_status_Empty__Input, callback: grpc.requestCallback<_parley_status_ChatServerList__Output>): grpc.ClientUnaryCall;
  
  PickChatServer(argument: _parley_status_Empty__Input, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_parley_status_PickReply__Output>): grpc.ClientUnaryCall;
  PickChatServer(argument: _parley_status_Empty__Input, metadata: grpc.Metadata, callback: grpc.requestCallback<_parley_status_PickReply__Output>): grpc.ClientUnaryCall;
  PickChatServer(argument: _parley_status_Empty__Input, options: grpc.CallOptions, callback: grpc.requestCallback<_parley_status_PickReply__Output>): grpc.ClientUnaryCall;
  PickChatServer(argument: _parley_status_Empty__Input, callback: grpc.requestCallback<_parley_status_PickReply__Output>): grpc.ClientUnaryCall;
  pickChatServer(argument: _parley_status_Empty__Input, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_parley_status_PickReply__Output>): grpc.ClientUnaryCall;
  pickChatServer(argument: _parley_status_Empty__Input, metadata: grpc.Metadata, callback: grpc.requestCallback<_parley_status_PickReply__Output>): grpc.ClientUnaryCall;
  pickChatServer(argument: _parley_status_Empty__Input, options: grpc.CallOptions, callback: grpc.requestCallback<_parley_status_PickReply__Output>): grpc.ClientUnaryCall;
  pickChatServer(argument: _parley_status_Empty__Input, callback: grpc.requestCallback<_parley_status_PickReply__Output>): grpc.ClientUnaryCall;
  
  RemoveChatServer(argument: _parley_status_ChatServerName__Input, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_parley_status_Ack__Output>): grpc.ClientUnaryCall;
  RemoveChatServer(argument: _parley_status_ChatServerName__Input, metadata: grpc.Metadata, callback: grpc.requestCallback<_parley_status_Ack__Output>): grpc.ClientUnaryCall;
  RemoveChatServer(argument: _parley_status_ChatServerName__Input, options: grpc.CallOptions, callback: grpc.requestCallback<_parley_status_Ack__Output>): grpc.ClientUnaryCall;
  RemoveChatServer(argument: _parley_status_ChatServerName__Input, callback: grpc.requestCallback<_parley_status_Ack__Output>): grpc.ClientUnaryCall;
  removeChatServer(argument: _parley_status_ChatServerName__Input, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_parley_status_Ack__Output>): grpc.ClientUnaryCall;
  removeChatServer(argument: _parley_status_ChatServerName__Input, metadata: grpc.Metadata, callback: grpc.requestCallback<_parley_status_Ack__Output>): grpc.ClientUnaryCall;
  removeChatServer(argument: _parley_status_ChatServerName__Input, options: grpc.CallOptions, callback: grpc.requestCallback<_parley_status_Ack__Output>): grpc.ClientUnaryCall;
  removeChatServer(argument: _parley_status_ChatServerName__Input, callback: grpc.requestCallback<_parley_status_Ack__Output>): grpc.ClientUnaryCall;
  
  ReportChatServer(argument: _parley_status_ChatServerReport__Input, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_parley_status_Ack__Output>): grpc.ClientUnaryCall;
  ReportChatServer(argument: _parley_status_ChatServerReport__Input, metadata: grpc.Metadata, callback: grpc.requestCallback<_parley_status_Ack__Output>): grpc.ClientUnaryCall;
  ReportChatServer(argument: _parley_status_ChatServerReport__Input, options: grpc.CallOptions, callback: grpc.requestCallback<_parley_status_Ack__Output>): grpc.ClientUnaryCall;
  ReportChatServer(argument: _parley_status_ChatServerReport__Input, callback: grpc.requestCallback<_parley_status_Ack__Output>): grpc.ClientUnaryCall;
  reportChatServer(argument: _parley_status_ChatServerReport__Input, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_parley_status_Ack__Output>): grpc.ClientUnaryCall;
  reportChatServer(argument: _parley_status_ChatServerReport__Input, metadata: grpc.Metadata, callback: grpc.requestCallback<_parley_status_Ack__Output>): grpc.ClientUnaryCall;
  reportChatServer(argument: _parley_status_ChatServerReport__Input, options: grpc.CallOptions, callback: grpc.requestCallback<_parley_status_Ack__Output>): grpc.ClientUnaryCall;
  reportChatServer(argument: _parley_status_ChatServerReport__Input, callback: grpc.requestCallback<_parley_status_Ack__Output>): grpc.ClientUnaryCall;
  
  RevokeToken(argument: _parley_status_TokenRequest__Input, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_parley_status_Ack__Output>): grpc.ClientUnaryCall;
  RevokeToken(argument: _parley_status_TokenRequest__Input, metadata: grpc.Metadata, callback: grpc.requestCallback<_parley_status_Ack__Output>): grpc.ClientUnaryCall;
  RevokeToken(argument: _parley_status_TokenRequest__Input, options: grpc.CallOptions, callback: grpc.requestCallback<_parley_status_Ack__Output>): grpc.ClientUnaryCall;
  RevokeToken(argument: _parley_status_TokenRequest__Input, callback: grpc.requestCallback<_parley_status_Ack__Output>): grpc.ClientUnaryCall;
  revokeToken(argument: _parley_status_TokenRequest__Input, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_parley_status_Ack__Output>): grpc.ClientUnaryCall;
  revokeToken(argument: _parley_status_TokenRequest__Input, metadata: grpc.Metadata, callback: grpc.requestCallback<_parley_status_Ack__Output>): grpc.ClientUnaryCall;
  revokeToken(argument: _parley_status_TokenRequest__Input, options: grpc.CallOptions, callback: grpc.requestCallback<_parley_status_Ack__Output>): grpc.ClientUnaryCall;
  revokeToken(argument: _parley_status_TokenRequest__Input, callback: grpc.requestCallback<_parley_status_Ack__Output>): grpc.ClientUnaryCall;
  
  RevokeTokenHashes(argument: _parley_status_TokenHashesRequest__Input, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_parley_status_Ack__Output>): grpc.ClientUnaryCall;
  RevokeTokenHashes(argument: _parley_status_TokenHashesRequest__Input, metadata: grpc.Metadata, callback: grpc.requestCallback<_parley_status_Ack__Output>): grpc.ClientUnaryCall;
  RevokeTokenHashes(argument: _parley_status_TokenHashesRequest__Input, options: grpc.CallOptions, callback: grpc.requestCallback<_parley_status_Ack__Output>): grpc.ClientUnaryCall;
  RevokeTokenHashes(argument: _parley_status_TokenHashesRequest__Input, callback: grpc.requestCallback<_parley_status_Ack__Output>): grpc.ClientUnaryCall;
  revokeTokenHashes(argument: _parley_status_TokenHashesRequest__Input, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_parley_status_Ack__Output>): grpc.ClientUnaryCall;
  revokeTokenHashes(argument: _parley_status_TokenHashesRequest__Input, metadata: grpc.Metadata, callback: grpc.requestCallback<_parley_status_Ack__Output>): grpc.ClientUnaryCall;
  revokeTokenHashes(argument: _parley_status_TokenHashesRequest__Input, options: grpc.CallOptions, callback: grpc.requestCallback<_parley_status_Ack__Output>): grpc.ClientUnaryCall;
  revokeTokenHashes(argument: _parley_status_TokenHashesRequest__Input, callback: grpc.requestCallback<_parley_status_Ack__Output>): grpc.ClientUnaryCall;
  
  RevokeUserTokens(argument: _parley_status_UserRequest__Input, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_parley_status_Ack__Output>): grpc.ClientUnaryCall;
  RevokeUserTokens(argument: _parley_status_UserRequest__Input, metadata: grpc.Metadata, callback: grpc.requestCallback<_parley_status_Ack__Output>): grpc.ClientUnaryCall;
  RevokeUserTokens(argument: _parley_status_UserRequest__Input, options: grpc.CallOptions, callback: grpc.requestCallback<_parley_status_Ack__Output>): grpc.ClientUnaryCall;
  RevokeUserTokens(argument: _parley_status_UserRequest__Input, callback: grpc.requestCallback<_parley_status_Ack__Output>): grpc.ClientUnaryCall;
  revokeUserTokens(argument: _parley_status_UserRequest__Input, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_parley_status_Ack__Output>): grpc.ClientUnaryCall;
  revokeUserTokens(argument: _parley_status_UserRequest__Input, metadata: grpc.Metadata, callback: grpc.requestCallback<_parley_status_Ack__Output>): grpc.ClientUnaryCall;
  revokeUserTokens(argument: _parley_status_UserRequest__Input, options: grpc.CallOptions, callback: grpc.requestCallback<_parley_status_Ack__Output>): grpc.ClientUnaryCall;
  revokeUserTokens(argument: _parley_status_UserRequest__Input, callback: grpc.requestCallback<_parley_status_Ack__Output>): grpc.ClientUnaryCall;
  
  ValidateToken(argument: _parley_status_TokenRequest__Input, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_parley_status_ValidateTokenReply__Output>): grpc.ClientUnaryCall;
  ValidateToken(argument: _parley_status_TokenRequest__Input, metadata: grpc.Metadata, callback: grpc.requestCallback<_parley_status_ValidateTokenReply__Output>): grpc.ClientUnaryCall;
  ValidateToken(argument: _parley_status_TokenRequest__Input, options: grpc.CallOptions, callback: grpc.requestCallback<_parley_status_ValidateTokenReply__Output>): grpc.ClientUnaryCall;
  ValidateToken(argument: _parley_status_TokenRequest__Input, callback: grpc.requestCallback<_parley_status_ValidateTokenReply__Output>): grpc.ClientUnaryCall;
  validateToken(argument: _parley_status_TokenRequest__Input, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_parley_status_ValidateTokenReply__Output>): grpc.ClientUnaryCall;
  validateToken(argument: _parley_status_TokenRequest__Input, metadata: grpc.Metadata, callback: grpc.requestCallback<_parley_status_ValidateTokenReply__Output>): grpc.ClientUnaryCall;
  validateToken(argument: _parley_status_TokenRequest__Input, options: grpc.CallOptions, callback: grpc.requestCallback<_parley_status_ValidateTokenReply__Output>): grpc.ClientUnaryCall;
  validateToken(argument: _parley_status_TokenRequest__Input, callback: grpc.requestCallback<_parley_status_ValidateTokenReply__Output>): grpc.ClientUnaryCall;
  
}

export interface StatusServiceHandlers extends grpc.UntypedServiceImplementation {
  Attach: grpc.handleServerStreamingCall<_parley_status_ChatServerName__Output, _parley_status_Ack__Input>;
  
  IssueToken: grpc.handleUnaryCall<_parley_status_IssueTokenRequest__Output, _parley_status_IssueTokenReply__Input>;
  
  ListChatServers: grpc.handleUnaryCall<_parley_status_Empty__Output, _parley_status_ChatServerList__Input>;
  
  PickChatServer: grpc.handleUnaryCall<_parley_status_Empty__Output, _parley_status_PickReply__Input>;
  
  RemoveChatServer: grpc.handleUnaryCall<_parley_status_ChatServerName__Output, _parley_status_Ack__Input>;
  
  ReportChatServer: grpc.handleUnaryCall<_parley_status_ChatServerReport__Output, _parley_status_Ack__Input>;
  
  RevokeToken: grpc.handleUnaryCall<_parley_status_TokenRequest__Output, _parley_status_Ack__Input>;
  
  RevokeTokenHashes: grpc.handleUnaryCall<_parley_status_TokenHashesRequest__Output, _parley_status_Ack__Input>;
  
  RevokeUserTokens: grpc.handleUnaryCall<_parley_status_UserRequest__Output, _parley_status_Ack__Input>;
  
  ValidateToken: grpc.handleUnaryCall<_parley_status_TokenRequest__Output, _parley_status_ValidateTokenReply__Input>;
  
}

export interface StatusServiceDefinition extends grpc.ServiceDefinition {
  Attach: MethodDefinition<_parley_status_ChatServerName__Input, _parley_status_Ack__Input, _parley_status_ChatServerName__Output, _parley_status_Ack__Output>
  IssueToken: MethodDefinition<_parley_status_IssueTokenRequest__Input, _parley_status_IssueTokenReply__Input, _parley_status_IssueTokenRequest__Output, _parley_status_IssueTokenReply__Output>
  ListChatServers: MethodDefinition<_parley_status_Empty__Input, _parley_status_ChatServerList__Input, _parley_status_Empty__Output, _parley_status_ChatServerList__Output>
  PickChatServer: MethodDefinition<_parley_status_Empty__Input, _parley_status_PickReply__Input, _parley_status_Empty__Output, _parley_status_PickReply__Output>
  RemoveChatServer: MethodDefinition<_parley_status_ChatServerName__Input, _parley_status_Ack__Input, _parley_status_ChatServerName__Output, _parley_status_Ack__Output>
  ReportChatServer: MethodDefinition<_parley_status_ChatServerReport__Input, _parley_status_Ack__Input, _parley_status_ChatServerReport__Output, _parley_status_Ack__Output>
  RevokeToken: MethodDefinition<_parley_status_TokenRequest__Input, _parley_status_Ack__Input, _parley_status_TokenRequest__Output, _parley_status_Ack__Output>
  RevokeTokenHashes: MethodDefinition<_parley_status_TokenHashesRequest__Input, _parley_status_Ack__Input, _parley_status_TokenHashesRequest__Output, _parley_status_Ack__Output>
  RevokeUserTokens: MethodDefinition<_parley_status_UserRequest__Input, _parley_status_Ack__Input, _parley_status_UserRequest__Output, _parley_status_Ack__Output>
  ValidateToken: MethodDefinition<_parley_status_TokenRequest__Input, _parley_status_ValidateTokenReply__Input, _parley_status_TokenRequest__Output, _parley_status_ValidateTokenReply__Output>
}
