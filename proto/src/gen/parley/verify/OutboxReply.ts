// Original file: grpc/verify.proto

import type { OutboxMail__Input as _parley_verify_OutboxMail__Input, OutboxMail__Output as _parley_verify_OutboxMail__Output } from '../../parley/verify/OutboxMail';

export interface OutboxReply__Input {
  'error'?: (number);
  'mails'?: (_parley_verify_OutboxMail__Input)[];
}

export interface OutboxReply__Output {
  'error': (number);
  'mails': (_parley_verify_OutboxMail__Output)[];
}
