// What the CLI does with each push of PROTOCOL.md §3. Handlers are synchronous (print, update the
// directory, note an ACK), so pushes are shown in the order they arrived.
import { MsgType, type KickedPush } from '@parley/proto';
import { showLive } from './chat';
import { errorLine, who } from './format';
import type { CliState } from './state';

export function registerPushes(s: CliState, onKicked: (k: KickedPush) => void): void {
  const bad = (type: number, why: string): void =>
    s.out.line(`! ignored a malformed push of type ${type}: ${why}`);
  const on = s.session.onPush.bind(s.session);

  on(MsgType.MSG_NOTIFY, (b) => showLive(s, b.message), bad);

  on(
    MsgType.FRIEND_REQUEST_NOTIFY,
    (b) => {
      s.dir.learn(b.from);
      const greeting = b.greeting ? ` ${JSON.stringify(b.greeting)}` : '';
      s.out.line(
        `* friend request #${b.requestId} from ${who(b.from)}${greeting}` +
          ` (/accept ${b.requestId} or /reject ${b.requestId})`,
      );
    },
    bad,
  );

  on(
    MsgType.FRIEND_REPLY_NOTIFY,
    (b) => {
      if (b.accepted && b.conversationId) {
        // The new friend just answered, so they are online right now.
        s.dir.addFriend({ ...b.by, remark: '', online: true, conversationId: b.conversationId });
        s.out.line(`* ${who(b.by)} accepted your friend request #${b.requestId}`);
      } else {
        s.dir.learn(b.by);
        s.out.line(`* ${who(b.by)} rejected your friend request #${b.requestId}`);
      }
    },
    bad,
  );

  on(
    MsgType.PRESENCE_NOTIFY,
    (b) => {
      s.dir.setOnline(b.uid, b.online);
      const f = s.dir.friend(b.uid);
      s.out.line(`* ${f ? who(f) : `uid=${b.uid}`} is ${b.online ? 'online' : 'offline'}`);
    },
    bad,
  );

  on(
    MsgType.READ_NOTIFY,
    (b) => {
      // Only in the open chat: elsewhere it is noise the user did not ask about.
      if (s.chat?.conversationId !== b.conversationId) return;
      // §9.2: the user's own uid means "read on another of your devices".
      if (b.uid === s.dir.self.uid) s.out.line(`* read on another device up to #${b.seq}`);
      else s.out.line(`* ${s.dir.nick(b.uid)} read up to #${b.seq}`);
    },
    bad,
  );

  on(
    MsgType.TYPING_NOTIFY,
    (b) => {
      if (s.chat?.conversationId !== b.conversationId) return;
      s.out.line(`* ${s.dir.nick(b.uid)} is typing…`);
    },
    bad,
  );

  on(
    MsgType.RECALL_NOTIFY,
    (b) => {
      s.recalled.add(b.msgId);
      const peer = s.dir.conversationName(b.conversationId);
      s.out.line(`* [${peer}] ${s.dir.nick(b.by)} recalled message ${b.msgId}`);
    },
    bad,
  );

  on(MsgType.ERROR, (b) => s.out.line(errorLine(b.error, b.message)), bad);

  on(MsgType.KICKED, onKicked, bad);
}
