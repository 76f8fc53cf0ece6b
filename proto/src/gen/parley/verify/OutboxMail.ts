// Original file: grpc/verify.proto

import type { Long } from '@grpc/proto-loader';

export interface OutboxMail__Input {
  'to'?: (string);
  'subject'?: (string);
  'text'?: (string);
  'at'?: (number | string | Long);
}

export interface OutboxMail__Output {
  'to': (string);
  'subject': (string);
  'text': (string);
  'at': (number);
}
