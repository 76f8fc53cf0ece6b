// Original file: grpc/verify.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { CheckCodeReply__Input as _parley_verify_CheckCodeReply__Input, CheckCodeReply__Output as _parley_verify_CheckCodeReply__Output } from '../../parley/verify/CheckCodeReply';
import type { CheckCodeRequest__Input as _parley_verify_CheckCodeRequest__Input, CheckCodeRequest__Output as _parley_verify_CheckCodeRequest__Output } from '../../parley/verify/CheckCodeRequest';
import type { OutboxReply__Input as _parley_verify_OutboxReply__Input, OutboxReply__Output as _parley_verify_OutboxReply__Output } from '../../parley/verify/OutboxReply';
import type { OutboxRequest__Input as _parley_verify_OutboxRequest__Input, OutboxRequest__Output as _parley_verify_OutboxRequest__Output } from '../../parley/verify/OutboxRequest';
import type { SendCodeReply__Input as _parley_verify_SendCodeReply__Input, SendCodeReply__Output as _parley_verify_SendCodeReply__Output } from '../../parley/verify/SendCodeReply';
import type { SendCodeRequest__Input as _parley_verify_SendCodeRequest__Input, SendCodeRequest__Output as _parley_verify_SendCodeRequest__Output } from '../../parley/verify/SendCodeRequest';

export interface VerifyServiceClient extends grpc.Client {
  CheckCode(argument: _parley_verify_CheckCodeRequest__Input, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_parley_verify_CheckCodeReply__Output>): grpc.ClientUnaryCall;
  CheckCode(argument: _parley_verify_CheckCodeRequest__Input, metadata: grpc.Metadata, callback: grpc.requestCallback<_parley_verify_CheckCodeReply__Output>): grpc.ClientUnaryCall;
  CheckCode(argument: _parley_verify_CheckCodeRequest__Input, options: grpc.CallOptions, callback: grpc.requestCallback<_parley_verify_CheckCodeReply__Output>): grpc.ClientUnaryCall;
  CheckCode(argument: _parley_verify_CheckCodeRequest__Input, callback: grpc.requestCallback<_parley_verify_CheckCodeReply__Output>): grpc.ClientUnaryCall;
  checkCode(argument: _parley_verify_CheckCodeRequest__Input, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_parley_verify_CheckCodeReply__Output>): grpc.ClientUnaryCall;
  checkCode(argument: _parley_verify_CheckCodeRequest__Input, metadata: grpc.Metadata, callback: grpc.requestCallback<_parley_verify_CheckCodeReply__Output>): grpc.ClientUnaryCall;
  checkCode(argument: _parley_verify_CheckCodeRequest__Input, options: grpc.CallOptions, callback: grpc.requestCallback<_parley_verify_CheckCodeReply__Output>): grpc.ClientUnaryCall;
  checkCode(argument: _parley_verify_CheckCodeRequest__Input, callback: grpc.requestCallback<_parley_verify_CheckCodeReply__Output>): grpc.ClientUnaryCall;
  
  ListOutbox(argument: _parley_verify_OutboxRequest__Input, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_parley_verify_OutboxReply__Output>): grpc.ClientUnaryCall;
  ListOutbox(argument: _parley_verify_OutboxRequest__Input, metadata: grpc.Metadata, callback: grpc.requestCallback<_parley_verify_OutboxReply__Output>): grpc.ClientUnaryCall;
  ListOutbox(argument: _parley_verify_OutboxRequest__Input, options: grpc.CallOptions, callback: grpc.requestCallback<_parley_verify_OutboxReply__Output>): grpc.ClientUnaryCall;
  ListOutbox(argument: _parley_verify_OutboxRequest__Input, callback: grpc.requestCallback<_parley_verify_OutboxReply__Output>): grpc.ClientUnaryCall;
  listOutbox(argument: _parley_verify_OutboxRequest__Input, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_parley_verify_OutboxReply__Output>): grpc.ClientUnaryCall;
  listOutbox(argument: _parley_verify_OutboxRequest__Input, metadata: grpc.Metadata, callback: grpc.requestCallback<_parley_verify_OutboxReply__Output>): grpc.ClientUnaryCall;
  listOutbox(argument: _parley_verify_OutboxRequest__Input, options: grpc.CallOptions, callback: grpc.requestCallback<_parley_verify_OutboxReply__Output>): grpc.ClientUnaryCall;
  listOutbox(argument: _parley_verify_OutboxRequest__Input, callback: grpc.requestCallback<_parley_verify_OutboxReply__Output>): grpc.ClientUnaryCall;
  
  SendCode(argument: _parley_verify_SendCodeRequest__Input, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_parley_verify_SendCodeReply__Output>): grpc.ClientUnaryCall;
  SendCode(argument: _parley_verify_SendCodeRequest__Input, metadata: grpc.Metadata, callback: grpc.requestCallback<_parley_verify_SendCodeReply__Output>): grpc.ClientUnaryCall;
  SendCode(argument: _parley_verify_SendCodeRequest__Input, options: grpc.CallOptions, callback: grpc.requestCallback<_parley_verify_SendCodeReply__Output>): grpc.ClientUnaryCall;
  SendCode(argument: _parley_verify_SendCodeRequest__Input, callback: grpc.requestCallback<_parley_verify_SendCodeReply__Output>): grpc.ClientUnaryCall;
  sendCode(argument: _parley_verify_SendCodeRequest__Input, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_parley_verify_SendCodeReply__Output>): grpc.ClientUnaryCall;
  sendCode(argument: _parley_verify_SendCodeRequest__Input, metadata: grpc.Metadata, callback: grpc.requestCallback<_parley_verify_SendCodeReply__Output>): grpc.ClientUnaryCall;
  sendCode(argument: _parley_verify_SendCodeRequest__Input, options: grpc.CallOptions, callback: grpc.requestCallback<_parley_verify_SendCodeReply__Output>): grpc.ClientUnaryCall;
  sendCode(argument: _parley_verify_SendCodeRequest__Input, callback: grpc.requestCallback<_parley_verify_SendCodeReply__Output>): grpc.ClientUnaryCall;
  
}

export interface VerifyServiceHandlers extends grpc.UntypedServiceImplementation {
  CheckCode: grpc.handleUnaryCall<_parley_verify_CheckCodeRequest__Output, _parley_verify_CheckCodeReply__Input>;
  
  ListOutbox: grpc.handleUnaryCall<_parley_verify_OutboxRequest__Output, _parley_verify_OutboxReply__Input>;
  
  SendCode: grpc.handleUnaryCall<_parley_verify_SendCodeRequest__Output, _parley_verify_SendCodeReply__Input>;
  
}

export interface VerifyServiceDefinition extends grpc.ServiceDefinition {
  CheckCode: MethodDefinition<_parley_verify_CheckCodeRequest__Input, _parley_verify_CheckCodeReply__Input, _parley_verify_CheckCodeRequest__Output, _parley_verify_CheckCodeReply__Output>
  ListOutbox: MethodDefinition<_parley_verify_OutboxRequest__Input, _parley_verify_OutboxReply__Input, _parley_verify_OutboxRequest__Output, _parley_verify_OutboxReply__Output>
  SendCode: MethodDefinition<_parley_verify_SendCodeRequest__Input, _parley_verify_SendCodeReply__Input, _parley_verify_SendCodeRequest__Output, _parley_verify_SendCodeReply__Output>
}
