'use client';
import { useRouter } from 'next/navigation';
import { Limits } from '@parley/proto';
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { api } from '@/lib/api';
import { displayName } from '@/lib/chat/format';
import { profileProblem, type ProfilePatch } from '@/lib/chat/profile';
import { useChatClient, useChatState } from '@/lib/chat/react';
import type { UserCard } from '@/lib/chat/types';
import { clearSession, type Session } from '@/lib/session';
import { Avatar } from '../Avatar';
import { Button } from '../Button';
import { DevicesSection } from './DevicesSection';
import { errorText } from './errorText';
import { notificationsSupported } from './Notifier';

const INPUT =
  'mt-1 w-full rounded border border-wx-line bg-wx-card px-2 py-1.5 text-sm text-wx-text outline-none focus:border-wx-green';

/** The changed fields only; PROFILE_UPDATE needs at least one. */
function changes(me: UserCard, nick: string, bio: string, avatar: string): ProfilePatch {
  return {
    ...(nick.trim() !== me.nick ? { nick } : {}),
    ...(bio !== me.bio ? { bio } : {}),
    ...(avatar.trim() !== me.avatar ? { avatar: avatar.trim() } : {}),
  };
}

/** Nick, status (bio) and avatar text, sent as PROFILE_UPDATE. Every value is rendered as text
 *  everywhere (React escapes it), so markup typed here stays literal. */
function EditProfile({ me, onDone }: { me: UserCard; onDone: () => void }) {
  const client = useChatClient();
  const [nick, setNick] = useState(me.nick);
  const [bio, setBio] = useState(me.bio);
  const [avatar, setAvatar] = useState(me.avatar);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function save(e: FormEvent): Promise<void> {
    e.preventDefault();
    const patch = changes(me, nick, bio, avatar);
    if (Object.keys(patch).length === 0) return onDone();
    const problem = profileProblem(patch);
    if (problem) return setError(problem);
    setSaving(true);
    setError(null);
    try {
      await client.updateProfile(patch);
      onDone();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setSaving(false);
    }
  }

  return (
    <form aria-label="Edit profile" className="mt-5 space-y-3" onSubmit={(e) => void save(e)}>
      <label className="block text-sm text-wx-muted">
        Nickname
        <input
          name="nick"
          className={INPUT}
          value={nick}
          maxLength={Limits.NICK_MAX}
          required
          autoComplete="nickname"
          onChange={(e) => setNick(e.target.value)}
        />
      </label>
      <label className="block text-sm text-wx-muted">
        Status
        <textarea
          name="bio"
          className={`${INPUT} resize-none`}
          rows={2}
          value={bio}
          maxLength={Limits.BIO_MAX}
          onChange={(e) => setBio(e.target.value)}
        />
      </label>
      <label className="block text-sm text-wx-muted">
        Avatar (an emoji or a character or two)
        <input
          name="avatar"
          className={INPUT}
          value={avatar}
          maxLength={Limits.AVATAR_MAX}
          onChange={(e) => setAvatar(e.target.value)}
        />
      </label>
      {error ? (
        <p role="alert" className="rounded-md bg-wx-alert-bg px-3 py-2 text-sm text-wx-danger">
          {error}
        </p>
      ) : null}
      <div className="flex gap-3">
        <Button type="submit" disabled={saving}>
          {saving ? 'Saving…' : 'Save'}
        </Button>
        <Button variant="secondary" disabled={saving} onClick={onDone}>
          Cancel
        </Button>
      </div>
    </form>
  );
}

function Row({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="flex items-baseline justify-between gap-4 py-2.5 text-sm">
      <dt className="shrink-0 text-wx-muted">{term}</dt>
      <dd className="min-w-0 truncate text-right text-wx-text">{children}</dd>
    </div>
  );
}

type Permission = NotificationPermission | 'unsupported' | null;

const PERMISSION_TEXT: Record<Exclude<Permission, null>, string> = {
  granted: 'On: new messages show while Parley is in the background',
  denied: 'Blocked in the browser’s site settings',
  default: 'Off',
  unsupported: 'Not available in this browser',
};

/** Notifications: asked for from this button only (browsers ignore requests made on load). */
function NotificationSetting() {
  const [permission, setPermission] = useState<Permission>(null);
  useEffect(() => {
    setPermission(notificationsSupported() ? Notification.permission : 'unsupported');
  }, []);
  if (permission === null) return null;
  return (
    <div className="mt-5 flex items-center justify-between gap-3 text-sm">
      <div className="min-w-0">
        <p className="text-wx-text">Notifications</p>
        <p data-testid="notification-state" className="text-xs text-wx-muted">
          {PERMISSION_TEXT[permission]}
        </p>
      </div>
      {permission === 'default' ? (
        <Button
          wide={false}
          variant="secondary"
          className="h-9 shrink-0 text-sm"
          onClick={() => void Notification.requestPermission().then(setPermission)}
        >
          Turn on
        </Button>
      ) : null}
    </div>
  );
}

function formatExpiry(expiresAt: number | string): string {
  const d = new Date(expiresAt);
  return Number.isNaN(d.getTime()) ? String(expiresAt) : d.toLocaleString();
}

/** Me: own card (nick, bio, avatar), the session's ChatServer, profile editing, devices, log out. */
export function MeView({ session }: { session: Session }) {
  const client = useChatClient();
  const router = useRouter();
  const me = useChatState((s) => s.me);
  const server = useChatState((s) => s.connection.server);
  const [leaving, setLeaving] = useState(false);
  const [editing, setEditing] = useState(false);
  const name = displayName(me);

  async function logout(): Promise<void> {
    setLeaving(true);
    client.stop();
    // Revoke the token at the gate; whatever it answers, this browser forgets the session.
    await api.logout(session.token);
    clearSession();
    router.replace('/login');
  }

  return (
    <section
      aria-label="Profile"
      className="flex min-w-0 flex-1 items-start justify-center overflow-auto p-3 md:items-center md:p-6"
    >
      <div className="w-full max-w-[400px] rounded-lg bg-wx-card p-4 md:p-6 shadow-[0_1px_3px_rgba(0,0,0,0.06)]">
        <div className="flex items-center gap-4">
          <Avatar name={name} avatar={me.avatar} seed={me.uid} size={64} />
          <div className="min-w-0">
            <h1 className="truncate text-lg font-medium text-wx-text">{name}</h1>
            <p className="truncate text-sm text-wx-muted">
              @{me.username || session.user?.username}
            </p>
            <p className="mt-1 text-sm whitespace-pre-wrap text-wx-text [overflow-wrap:anywhere]">
              {me.bio || <span className="text-wx-faint">No status yet</span>}
            </p>
          </div>
        </div>
        <dl className="mt-5 divide-y divide-wx-sep border-y border-wx-sep">
          <Row term="Username">{me.username || session.user?.username || '—'}</Row>
          <Row term="Nickname">{me.nick || '—'}</Row>
          <Row term="UID">
            <span className="font-mono">{session.uid}</span>
          </Row>
          <Row term="ChatServer">{server ?? session.chat.server}</Row>
          <Row term="Address">
            <span className="font-mono">
              {session.chat.host}:{session.chat.port}
            </span>
          </Row>
          <Row term="Session expires">{formatExpiry(session.expiresAt)}</Row>
        </dl>
        <NotificationSetting />
        <DevicesSection />
        {editing ? (
          <EditProfile me={me} onDone={() => setEditing(false)} />
        ) : (
          <Button variant="secondary" className="mt-5" onClick={() => setEditing(true)}>
            Edit profile
          </Button>
        )}
        <Button variant="danger" className="mt-3" disabled={leaving} onClick={() => void logout()}>
          {leaving ? 'Logging out…' : 'Log out'}
        </Button>
      </div>
    </section>
  );
}
