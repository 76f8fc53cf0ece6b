// One table from request type to handler (STYLE.md): message families live in handlers/*.
import { MsgType } from '@parley/proto';
import type { Handler } from './context';
import { heartbeat, login } from './handlers/session';

export const handlers: Partial<Record<number, Handler>> = {
  [MsgType.LOGIN]: login,
  [MsgType.HEARTBEAT]: heartbeat,
};
