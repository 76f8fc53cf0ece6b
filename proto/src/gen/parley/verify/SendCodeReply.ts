// Original file: grpc/verify.proto

import type { Long } from '@grpc/proto-loader';

export interface SendCodeReply__Input {
  'error'?: (number);
  'message'?: (string);
  'retryAfterMs'?: (number | string | Long);
}

export interface SendCodeReply__Output {
  'error': (number);
  'message': (string);
  'retryAfterMs': (number);
}
