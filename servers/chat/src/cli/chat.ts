// Messages in and out of the CLI: showing a MSG_NOTIFY once (§5), paging HISTORY, sending text
// with an idempotency key that survives a failed attempt, and READ.
import { randomUUID } from 'node:crypto';
import { Limits, MsgType, type Message } from '@parley/proto';
import { CliError, describeError } from './errors';
import { historyLine, liveLine, quoteLine } from './format';
import type { CliState, OpenChat } from './state';

export const HISTORY_DEFAULT = 20;

/** A message that arrived by MSG_NOTIFY: printed unless its seq was shown already (as recalled if
 *  its recall came first), then ACKed (coalesced by the AckBatcher). */
export function showLive(s: CliState, m: Message): void {
  if (!s.seen.add(m.conversationId, m.seq)) return;
  const peer = s.dir.conversationName(m.conversationId);
  const shown: Message = s.recalled.has(m.msgId)
    ? { ...m, kind: 'recalled', text: undefined, media: undefined, replyTo: undefined }
    : m;
  showQuote(s, shown);
  s.out.line(liveLine(peer, s.dir.nick(m.from), shown));
  s.acks.note(m.conversationId, m.seq);
}

/** A reply's quote, on the line above it; an original recalled this session shows recalled even
 *  if the reply was read before the recall (§9.4). */
function showQuote(s: CliState, m: Message): void {
  const q = m.replyTo;
  if (!q) return;
  const now = s.recalled.has(q.msgId) ? { ...q, kind: 'recalled' as const, preview: '' } : q;
  s.out.line(quoteLine(s.dir.nick(q.from), now));
}

/** Print the newest `limit` messages of the chat. Everything up to the newest one shown counts as
 *  seen and delivered, so a late backlog push of an older seq is not printed again as news. */
export async function showHistory(s: CliState, chat: OpenChat, limit: number): Promise<void> {
  const rsp = await s.session.call(MsgType.HISTORY, { conversationId: chat.conversationId, limit });
  s.out.line(
    `history ${chat.peer.username} (${rsp.messages.length}${rsp.hasMore ? ', more before' : ''}):`,
  );
  for (const m of rsp.messages) {
    showQuote(s, m);
    s.out.line(historyLine(s.dir.nick(m.from), m));
  }
  const newest = rsp.messages.at(-1);
  if (newest) {
    s.seen.raiseFloor(chat.conversationId, newest.seq);
    if (newest.from !== s.dir.self.uid) s.acks.note(chat.conversationId, newest.seq);
  }
}

/** SEND_MSG to the open chat. A fresh clientMsgId per message, except when the same text is sent
 *  again after a failure: then the failed attempt's id is reused, so if that attempt did reach
 *  the server, the repeat returns the original instead of storing a duplicate (§5). */
export async function sendText(
  s: CliState,
  chat: OpenChat,
  text: string,
  replyTo?: string,
): Promise<void> {
  if (text.length > Limits.TEXT_MAX)
    throw new CliError(`message too long: ${text.length} > ${Limits.TEXT_MAX} characters`);
  const f = s.failed;
  const retry =
    f !== null &&
    f.conversationId === chat.conversationId &&
    f.text === text &&
    f.replyTo === replyTo;
  const clientMsgId = retry ? f.clientMsgId : randomUUID();
  s.failed = {
    conversationId: chat.conversationId,
    text,
    clientMsgId,
    ...(replyTo ? { replyTo } : {}),
  };
  let rsp;
  try {
    rsp = await s.session.call(MsgType.SEND_MSG, {
      conversationId: chat.conversationId,
      clientMsgId,
      kind: 'text',
      text,
      ...(replyTo ? { replyTo } : {}),
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

/** The msgId of message #seq of the chat, asked of the server (HISTORY, one message before
 *  seq + 1) rather than built from the id's shape, which §2 leaves the server's own. */
export async function msgIdAt(s: CliState, chat: OpenChat, seq: number): Promise<string> {
  const rsp = await s.session.call(MsgType.HISTORY, {
    conversationId: chat.conversationId,
    beforeSeq: seq + 1,
    limit: 1,
  });
  const m = rsp.messages[0];
  if (!m || m.seq !== seq) throw new CliError(`no message #${seq} in this chat`);
  return m.msgId;
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
