'use client';
// Media inside messages (issue 5): image thumbnails that open the viewer, file cards with a
// download, voice messages with play and length. Stored media come through the client's media
// cache as blob: URLs (GET /api/media/<id> needs the bearer header, which <img> cannot send);
// pending ones show the local bytes while they upload.
import { useEffect, useRef, useState } from 'react';
import { formatSize, voiceLength } from '@/lib/chat/format';
import { MediaError, type MediaVariant } from '@/lib/chat/media';
import { useChatClient } from '@/lib/chat/react';
import { measureDuration } from '@/lib/chat/voice';
import { FileIcon, PauseIcon, PlayIcon } from '../icons';

const loadError = (err: unknown): string =>
  err instanceof MediaError ? err.message : 'Could not load the file.';

/** A blob: URL for a stored media, fetched once per page (the cache shares it). */
export function useMediaUrl(
  mediaId: string | undefined,
  variant: MediaVariant,
): { url?: string; error?: string } {
  const client = useChatClient();
  const [state, setState] = useState<{ id?: string; url?: string; error?: string }>(() => {
    const url = mediaId ? client.media.peek(mediaId, variant) : undefined;
    return url ? { id: mediaId, url } : {};
  });
  useEffect(() => {
    if (!mediaId) return;
    let live = true;
    client.media.url(mediaId, variant).then(
      (url) => live && setState({ id: mediaId, url }),
      (err: unknown) => live && setState({ id: mediaId, error: loadError(err) }),
    );
    return () => {
      live = false;
    };
  }, [client, mediaId, variant]);
  return state.id === mediaId ? state : {};
}

/** A blob: URL for local bytes (a pending upload's preview), revoked when no longer shown. */
export function useObjectUrl(blob: Blob | undefined): string | undefined {
  const [url, setUrl] = useState<string>();
  useEffect(() => {
    if (!blob) return;
    const u = URL.createObjectURL(blob);
    setUrl(u);
    return () => {
      URL.revokeObjectURL(u);
      setUrl(undefined);
    };
  }, [blob]);
  return url;
}

/** A thumbnail (bounded box, aspect kept); the button opens the viewer. */
export function ImageContent({
  url,
  error,
  name,
  onOpen,
  onLoad,
  dim = false,
}: {
  url?: string | undefined;
  error?: string | undefined;
  name: string;
  onOpen?: (() => void) | undefined;
  onLoad?: (() => void) | undefined;
  dim?: boolean;
}) {
  const body = url ? (
    <img
      src={url}
      alt={name}
      data-testid="image-thumb"
      onLoad={onLoad}
      draggable={false}
      className={`block max-h-[200px] max-w-[200px] min-w-[40px] min-h-[40px] object-contain ${dim ? 'opacity-60' : ''}`}
    />
  ) : error ? (
    <span className="flex h-[90px] w-[140px] items-center justify-center px-2 text-center text-xs text-wx-muted">
      {error}
    </span>
  ) : (
    <span
      role="img"
      aria-label="Loading image"
      className="block h-[120px] w-[160px] animate-pulse bg-wx-field"
    />
  );
  return (
    <button
      type="button"
      data-testid="image-message"
      aria-label={`Open image ${name}`}
      disabled={!onOpen || !url}
      onClick={onOpen}
      className="block overflow-hidden rounded-[4px] border border-wx-line bg-wx-card disabled:cursor-default"
    >
      {body}
    </button>
  );
}

/** File name, size and (once stored) a download that saves it under its name. */
export function FileCard({
  name,
  size,
  mediaId,
  note,
}: {
  name: string;
  size: number;
  mediaId?: string | undefined;
  /** Shown instead of the download while the file uploads. */
  note?: string | undefined;
}) {
  const client = useChatClient();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function download(): Promise<void> {
    if (!mediaId) return;
    setBusy(true);
    setError(null);
    try {
      // A signed link, not a blob: the browser streams the file to disk, however large.
      const url = await client.media.signedUrl(mediaId);
      const a = document.createElement('a');
      a.href = url;
      a.download = name;
      a.rel = 'noopener';
      document.body.appendChild(a);
      a.click();
      a.remove();
    } catch (err) {
      setError(loadError(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div
      data-testid="file-card"
      className="w-[240px] rounded-[4px] border border-wx-sep bg-wx-card text-left"
    >
      <div className="flex items-start gap-3 px-3 pt-3 pb-2">
        <div className="min-w-0 flex-1">
          <p
            data-testid="file-name"
            className="line-clamp-2 text-sm break-all text-wx-text"
            title={name}
          >
            {name}
          </p>
          <p data-testid="file-size" className="mt-1 text-xs text-wx-faint">
            {formatSize(size)}
          </p>
        </div>
        <span className="shrink-0 text-wx-link">
          <FileIcon />
        </span>
      </div>
      <div className="flex items-center justify-between border-t border-wx-sep px-3 py-1.5 text-xs">
        {mediaId ? (
          <button
            type="button"
            aria-label={`Download ${name}`}
            disabled={busy}
            onClick={() => void download()}
            className="text-wx-link hover:underline disabled:text-wx-faint"
          >
            {busy ? 'Downloading…' : 'Download'}
          </button>
        ) : (
          <span className="text-wx-faint">{note ?? ''}</span>
        )}
        {error ? (
          <span role="alert" className="ml-2 truncate text-wx-danger" title={error}>
            {error}
          </span>
        ) : null}
      </div>
    </div>
  );
}

/** Width grows with the length, as in WeChat: 80 px + 4 px a second, at most 220 px. */
const voiceWidth = (ms: number | undefined): number =>
  Math.min(220, 80 + Math.round(((ms ?? 0) / 1000) * 4));

/** Play / pause and the length. `mediaId` for stored voice, `blob` for a pending one. */
export function VoiceContent({
  own,
  mediaId,
  blob,
  durationMs,
}: {
  own: boolean;
  mediaId?: string | undefined;
  blob?: Blob | undefined;
  durationMs?: number | undefined;
}) {
  const client = useChatClient();
  const [playing, setPlaying] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [length, setLength] = useState<number | undefined>(
    () => durationMs ?? (mediaId ? client.media.duration(mediaId) : undefined),
  );
  const audio = useRef<HTMLAudioElement | null>(null);
  const localUrl = useObjectUrl(blob);

  // A received recording's length is not on the wire: measure the bytes once.
  useEffect(() => {
    if (length !== undefined || !mediaId) return;
    let live = true;
    client.media
      .blob(mediaId, 'full')
      .then(measureDuration)
      .then(
        (ms) => {
          client.media.setDuration(mediaId, ms);
          if (live) setLength(ms);
        },
        () => undefined, // shown without a length; playing still works
      );
    return () => {
      live = false;
    };
  }, [client, mediaId, length]);

  useEffect(
    () => () => {
      audio.current?.pause();
      audio.current = null;
    },
    [],
  );

  async function toggle(): Promise<void> {
    if (playing) {
      audio.current?.pause();
      setPlaying(false);
      return;
    }
    setError(null);
    try {
      const url = mediaId ? await client.media.url(mediaId, 'full') : localUrl;
      if (!url) return;
      const a = audio.current ?? new Audio();
      audio.current = a;
      if (a.src !== url) a.src = url;
      a.onended = () => setPlaying(false);
      a.onpause = () => setPlaying(false);
      a.currentTime = 0;
      await a.play();
      setPlaying(true);
    } catch (err) {
      setPlaying(false);
      setError(err instanceof MediaError ? err.message : 'This recording cannot be played here.');
    }
  }

  return (
    <div className={`flex flex-col ${own ? 'items-end' : 'items-start'}`}>
      <button
        type="button"
        data-testid="voice-message"
        data-playing={playing ? 'true' : 'false'}
        aria-label={playing ? 'Pause voice message' : 'Play voice message'}
        onClick={() => void toggle()}
        style={{ width: voiceWidth(length) }}
        className={`flex h-[38px] items-center gap-2 rounded-[4px] px-3 text-[14px] text-wx-text ${
          own ? 'flex-row-reverse bg-wx-bubble-own' : 'bg-wx-card'
        }`}
      >
        <span className={playing ? 'text-wx-green' : 'text-wx-icon'}>
          {playing ? <PauseIcon /> : <PlayIcon />}
        </span>
        <span data-testid="voice-length" className="text-[13px]">
          {length !== undefined ? voiceLength(length) : '…'}
        </span>
      </button>
      {error ? (
        <span role="alert" className="mt-0.5 text-[11px] text-wx-danger">
          {error}
        </span>
      ) : null}
    </div>
  );
}
