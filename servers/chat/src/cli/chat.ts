// Messages in and out of the CLI: showing a MSG_NOTIFY once (§5), paging HISTORY, sending text
// with an idempotency key that survives a failed attempt, and READ.
import { randomUUID } from 'node:crypto';
import { Limits, MsgType, type Message } from '@parley/proto';
import { CliError, describeError } from './errors';
import { historyLine, liveLine } from './format';
import type { CliState, OpenChat } from './state';

export const HISTORY_DEFAULT = 20;

/** A message that arrived by MSG_NOTIFY: printed unless its seq was shown already (as recalled if
 *  its recall came first), then ACKed (coalesced by the AckBatcher). */
export function showLive(s: CliState, m: Message): void {
  if (!s.seen.add(m.conversationId, m.seq)) return;
  const peer = s.dir.conversationName(m.conversationId);
  const shown: Message = s.recalled.has(m.msgId)
    ? { ...m, kind: 'recalled', text: undefined, media: undefined }
    : m;
  s.out.line(liveLine(peer, s.dir.nick(m.from), shown));
  s.acks.note(m.conversationId, m.seq);
}

/** Print the newest `limit` messages of the chat. Everything up to the newest one shown counts as
 *  seen and delivered, so a late backlog push of an older seq is not printed again as news. */
export async function showHistory(s: CliState, chat: OpenChat, limit: number): Promise<void> {
  const rsp = await s.session.call(MsgType.HISTORY, { conversationId: chat.conversationId, limit });
  s.out.line(
    `history ${chat.peer.username} (${rsp.messages.length}${rsp.hasMore ? ', more before' : ''}):`,
  );
  for (const m of rsp.messages) s.out.line(historyLine(s.dir.nick(m.from), m));
  const newest = rsp.messages.at(-1);
  if (newest) {
    s.seen.raiseFloor(chat.conversationId, newest.seq);
    if (newest.from !== s.dir.self.uid) s.acks.note(chat.conversationId, newest.seq);
  }
}

/** SEND_MSG to the open chat. A fresh clientMsgId per message, except when the same text is sent
 *  again after a failure: then the failed attempt's id is reused, so if that attempt did reach
 *  the server, the repeat returns the original instead of storing a duplicate (§5). */
export async function sendText(s: CliState, chat: OpenChat, text: string): Promise<void> {
  if (text.length > Limits.TEXT_MAX)
    throw new CliError(`message too long: ${text.length} > ${Limits.TEXT_MAX} characters`);
  const f = s.failed;
  const retry = f !== null && f.conversationId === chat.conversationId && f.text === text;
  const clientMsgId = retry ? f.clientMsgId : randomUUID();
  s.failed = { conversationId: chat.conversationId, text, clientMsgId };
  let rsp;
  try {
    rsp = await s.session.call(MsgType.SEND_MSG, {
      conversationId: chat.conversationId,
      clientMsgId,
      kind: 'text',
      text,
    });
  } catch (err) {
    s.out.line(describeError(err));
    s.out.line('* not sent; send the same text again or /retry (it is never stored twice)');
    return;
  }
  s.failed = null;
  // Our own message is never pushed back to this connection, but a HISTORY may show it later.
  s.seen.add(rsp.message.conversationId, rsp.message.seq);
  s.out.line(`* sent #${rsp.message.seq} to ${chat.peer.username}${retry ? ' (retried)' : ''}`);
}

/** READ up to the newest seq of the chat this session has shown: /chat prints the latest page
 *  and every later message of the conversation is printed as it arrives, so that is the newest
 *  seq the user has actually had in front of them. */
export async function markRead(s: CliState, chat: OpenChat): Promise<void> {
  const seq = s.seen.highest(chat.conversationId);
  if (seq === 0) {
    s.out.line(`* nothing to read in ${chat.peer.username}`);
    return;
  }
  await s.session.call(MsgType.READ, { conversationId: chat.conversationId, seq });
  s.out.line(`* read ${chat.peer.username} up to #${seq}`);
}
