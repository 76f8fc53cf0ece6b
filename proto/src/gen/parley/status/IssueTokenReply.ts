// Original file: grpc/status.proto

import type { Long } from '@grpc/proto-loader';

export interface IssueTokenReply__Input {
  'error'?: (number);
  'message'?: (string);
  'token'?: (string);
  'expiresAt'?: (number | string | Long);
}

export interface IssueTokenReply__Output {
  'error': (number);
  'message': (string);
  'token': (string);
  'expiresAt': (number);
}
