'use client';
import Link from 'next/link';
import { useCallback, useEffect, useState } from 'react';
import { api, type Mail } from '@/lib/api';
import type { Failure } from '@/lib/errors';
import { ErrorAlert } from './Alert';
import { Button } from './Button';

type State =
  | { kind: 'loading' }
  | { kind: 'mails'; mails: Mail[] }
  | { kind: 'smtp' }
  | { kind: 'failed'; failure: Failure };

function formatTime(at: number | string): string {
  const d = new Date(at);
  return Number.isNaN(d.getTime()) ? String(at) : d.toLocaleString();
}

function timeOf(at: number | string): number {
  const t = new Date(at).getTime();
  return Number.isNaN(t) ? 0 : t;
}

/**
 * The development outbox (PROTOCOL.md §8): without SMTP_URL, VerifyServer keeps sent mail and
 * GateServer lists it at GET /dev/mailbox; with a real SMTP server that route answers 404.
 */
export function Mailbox() {
  const [state, setState] = useState<State>({ kind: 'loading' });
  const [refreshing, setRefreshing] = useState(false);

  const load = useCallback(async (): Promise<void> => {
    setRefreshing(true);
    const r = await api.mailbox();
    if (r.ok) {
      const mails = [...r.data.mails].sort((a, b) => timeOf(b.at) - timeOf(a.at));
      setState({ kind: 'mails', mails });
    } else if (r.status === 404) {
      setState({ kind: 'smtp' });
    } else {
      setState({ kind: 'failed', failure: r });
    }
    setRefreshing(false);
  }, []);

  useEffect(() => {
    // Fetch once on mount; state is set after the await, never synchronously here.
    void load();
  }, [load]);

  return (
    <main className="min-h-dvh bg-wx-panel px-4 py-8">
      <div className="mx-auto max-w-[720px]">
        <header className="mb-4 flex items-center justify-between gap-4">
          <div>
            <h1 className="text-xl font-medium text-wx-text">Development mailbox</h1>
            <p className="text-sm text-wx-muted">Mail the servers sent, newest first.</p>
          </div>
          <div className="flex items-center gap-3">
            <Link href="/register" className="text-sm text-wx-link hover:underline">
              Register
            </Link>
            <Button wide={false} onClick={() => void load()} disabled={refreshing}>
              {refreshing ? 'Refreshing…' : 'Refresh'}
            </Button>
          </div>
        </header>

        {state.kind === 'failed' ? <ErrorAlert failure={state.failure} /> : null}
        {state.kind === 'smtp' ? (
          <div role="status" className="rounded-lg bg-wx-card p-6 text-sm text-wx-text">
            There is no development outbox: mail goes to a real SMTP server (SMTP_URL is set). Check
            that mailbox instead.
          </div>
        ) : null}
        {state.kind === 'loading' ? (
          <p role="status" className="rounded-lg bg-wx-card p-6 text-sm text-wx-muted">
            Loading…
          </p>
        ) : null}
        {state.kind === 'mails' && state.mails.length === 0 ? (
          <p role="status" className="rounded-lg bg-wx-card p-6 text-sm text-wx-muted">
            No mail yet. Request a code on the register or reset page, then refresh.
          </p>
        ) : null}
        {state.kind === 'mails' && state.mails.length > 0 ? (
          <ul aria-label="Mails" className="space-y-3">
            {state.mails.map((m, i) => (
              <li
                key={`${String(m.at)}-${m.to}-${String(i)}`}
                aria-label={`Mail to ${m.to}`}
                className="rounded-lg bg-wx-card p-4 shadow-[0_1px_2px_rgba(0,0,0,0.04)]"
              >
                <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
                  <p className="text-sm">
                    <span className="text-wx-muted">To </span>
                    <span className="font-medium" data-testid="mail-to">
                      {m.to}
                    </span>
                  </p>
                  <time
                    dateTime={new Date(timeOf(m.at)).toISOString()}
                    className="text-xs text-wx-muted"
                  >
                    {formatTime(m.at)}
                  </time>
                </div>
                <p className="mt-1 text-[15px] font-medium text-wx-text" data-testid="mail-subject">
                  {m.subject}
                </p>
                <pre
                  data-testid="mail-text"
                  className="mt-2 font-sans text-sm whitespace-pre-wrap break-words text-wx-text"
                >
                  {m.text}
                </pre>
              </li>
            ))}
          </ul>
        ) : null}
      </div>
    </main>
  );
}
