'use client';
// Settings → Devices (PROTOCOL.md §9.2): this user's devices with a live token, read with DEVICES
// each time the section is opened, and "Log out" per device (DEVICE_REVOKE). Logging out the
// current device is a log-out here.
import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useState } from 'react';
import { separatorTime } from '@/lib/chat/format';
import { useChatClient } from '@/lib/chat/react';
import type { DeviceInfo } from '@/lib/chat/types';
import { clearSession } from '@/lib/session';
import { Button } from '../Button';
import { errorText } from './errorText';

/** A device that connected without a name (a token from before §9.2, a v1 client). */
const UNNAMED = 'Unnamed device';

function DeviceRow({
  d,
  busy,
  onLogOut,
}: {
  d: DeviceInfo;
  busy: boolean;
  onLogOut: (d: DeviceInfo) => void;
}) {
  const name = d.deviceName || UNNAMED;
  return (
    <li aria-label={name} className="flex items-center justify-between gap-3 py-2.5 text-sm">
      <div className="min-w-0">
        <p className="truncate text-wx-text">
          {name}
          {d.current ? (
            <span className="ml-2 rounded bg-wx-panel px-1.5 py-0.5 text-xs text-wx-muted">
              This device
            </span>
          ) : null}
        </p>
        <p className="text-xs text-wx-muted">
          {d.online ? 'Online' : `Last seen ${separatorTime(d.lastSeen)}`}
        </p>
      </div>
      <Button
        wide={false}
        variant="danger"
        className="h-8 shrink-0 text-sm"
        disabled={busy}
        onClick={() => onLogOut(d)}
      >
        Log out
      </Button>
    </li>
  );
}

export function DevicesSection() {
  const client = useChatClient();
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [list, setList] = useState<DeviceInfo[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    setError(null);
    try {
      setList(await client.devices());
    } catch (err) {
      setError(errorText(err));
    }
  }, [client]);

  // Read afresh every time the section opens: devices come and go on other screens.
  useEffect(() => {
    if (open) void load();
    else setList(null);
  }, [open, load]);

  async function logOut(d: DeviceInfo): Promise<void> {
    setBusy(true);
    setError(null);
    try {
      await client.revokeDevice(d.deviceId);
      if (d.current) {
        // Its token is revoked: leave before the KICKED that follows is shown as a notice.
        client.stop();
        clearSession();
        router.replace('/login');
        return;
      }
      await load();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="mt-5">
      <Button variant="secondary" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
        Devices
      </Button>
      {open ? (
        <div className="mt-2">
          {error ? (
            <p role="alert" className="rounded-md bg-wx-alert-bg px-3 py-2 text-sm text-wx-danger">
              {error}
            </p>
          ) : null}
          {list === null && !error ? <p className="py-2 text-sm text-wx-muted">Loading…</p> : null}
          {list ? (
            <ul aria-label="Devices" className="divide-y divide-wx-sep border-y border-wx-sep">
              {list.map((d) => (
                <DeviceRow key={d.deviceId} d={d} busy={busy} onLogOut={(x) => void logOut(x)} />
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
