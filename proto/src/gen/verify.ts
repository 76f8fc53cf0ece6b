import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { CheckCodeReply__Input as _parley_verify_CheckCodeReply__Input, CheckCodeReply__Output as _parley_verify_CheckCodeReply__Output } from './parley/verify/CheckCodeReply';
import type { CheckCodeRequest__Input as _parley_verify_CheckCodeRequest__Input, CheckCodeRequest__Output as _parley_verify_CheckCodeRequest__Output } from './parley/verify/CheckCodeRequest';
import type { OutboxMail__Input as _parley_verify_OutboxMail__Input, OutboxMail__Output as _parley_verify_OutboxMail__Output } from './parley/verify/OutboxMail';
import type { OutboxReply__Input as _parley_verify_OutboxReply__Input, OutboxReply__Output as _parley_verify_OutboxReply__Output } from './parley/verify/OutboxReply';
import type { OutboxRequest__Input as _parley_verify_OutboxRequest__Input, OutboxRequest__Output as _parley_verify_OutboxRequest__Output } from './parley/verify/OutboxRequest';
import type { SendCodeReply__Input as _parley_verify_SendCodeReply__Input, SendCodeReply__Output as _parley_verify_SendCodeReply__Output } from './parley/verify/SendCodeReply';
import type { SendCodeRequest__Input as _parley_verify_SendCodeRequest__Input, SendCodeRequest__Output as _parley_verify_SendCodeRequest__Output } from './parley/verify/SendCodeRequest';
import type { VerifyServiceClient as _parley_verify_VerifyServiceClient, VerifyServiceDefinition as _parley_verify_VerifyServiceDefinition } from './parley/verify/VerifyService';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  parley: {
    verify: {
      CheckCodeReply: MessageTypeDefinition<_parley_verify_CheckCodeReply__Input, _parley_verify_CheckCodeReply__Output>
      CheckCodeRequest: MessageTypeDefinition<_parley_verify_CheckCodeRequest__Input, _parley_verify_CheckCodeRequest__Output>
      OutboxMail: MessageTypeDefinition<_parley_verify_OutboxMail__Input, _parley_verify_OutboxMail__Output>
      OutboxReply: MessageTypeDefinition<_parley_verify_OutboxReply__Input, _parley_verify_OutboxReply__Output>
      OutboxRequest: MessageTypeDefinition<_parley_verify_OutboxRequest__Input, _parley_verify_OutboxRequest__Output>
      SendCodeReply: MessageTypeDefinition<_parley_verify_SendCodeReply__Input, _parley_verify_SendCodeReply__Output>
      SendCodeRequest: MessageTypeDefinition<_parley_verify_SendCodeRequest__Input, _parley_verify_SendCodeRequest__Output>
      VerifyService: SubtypeConstructor<typeof grpc.Client, _parley_verify_VerifyServiceClient> & { service: _parley_verify_VerifyServiceDefinition }
    }
  }
}

