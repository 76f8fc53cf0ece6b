// A group's avatar as WeChat draws it: its first members' avatars in a grid on a grey square.
import type { UserCard } from '@/lib/chat/types';
import { displayName } from '@/lib/chat/format';
import { Avatar } from '../Avatar';

export function GroupAvatar({
  members,
  size = 40,
}: {
  members: readonly UserCard[];
  size?: number;
}) {
  const shown = members.slice(0, 4);
  const cell = Math.floor((size - 6) / 2);
  return (
    <span
      aria-hidden="true"
      style={{ width: size, height: size }}
      className="inline-grid shrink-0 grid-cols-2 content-center justify-center gap-0.5 rounded-[4px] bg-wx-hover p-[2px]"
    >
      {shown.map((m) => (
        <Avatar key={m.uid} name={displayName(m)} avatar={m.avatar} seed={m.uid} size={cell} />
      ))}
    </span>
  );
}
