// Promise-based VerifyServer client (used by GateServer). Protocol errors come back as
// ParleyError with the server's code; a transport failure becomes INTERNAL.
import { call, createVerifyClient, type OutboxMail } from '@parley/proto/grpc';
import { ErrorCode, ParleyError, type ErrorCodeValue } from '@parley/proto';

export interface VerifyClient {
  sendCode(email: string, purpose: string, silent?: boolean): Promise<void>;
  checkCode(email: string, purpose: string, code: string): Promise<void>;
  outbox(limit: number): Promise<OutboxMail[]>;
  close(): void;
}

export function connectVerify(address: string): VerifyClient {
  const c = createVerifyClient(address);
  const run = async <T>(p: () => Promise<T>): Promise<T> => {
    try {
      return await p();
    } catch (err) {
      if (err instanceof ParleyError) throw err;
      throw new ParleyError(ErrorCode.INTERNAL, 'verification service unreachable');
    }
  };
  return {
    sendCode: (email, purpose, silent = false) =>
      run(async () => {
        const r = await call(c, 'SendCode', { email, purpose, silent });
        if (r.error !== 0) {
          throw new ParleyError(
            r.error as ErrorCodeValue,
            r.message || undefined,
            r.retryAfterMs ? { retryAfterMs: r.retryAfterMs } : undefined,
          );
        }
      }),
    checkCode: (email, purpose, code) =>
      run(async () => {
        const r = await call(c, 'CheckCode', { email, purpose, code });
        if (r.error !== 0) throw new ParleyError(r.error as ErrorCodeValue, r.message || undefined);
      }),
    outbox: (limit) => run(async () => (await call(c, 'ListOutbox', { limit })).mails),
    close: () => c.close(),
  };
}
