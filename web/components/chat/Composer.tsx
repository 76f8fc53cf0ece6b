'use client';
import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { clock } from '@/lib/chat/format';
import { VOICE_MAX_MS, VOICE_MIN_MS, VoiceRecording, voiceSupport } from '@/lib/chat/voice';
import { MicIcon, PaperclipIcon, SmileIcon } from '../icons';
import { EmojiPicker } from './EmojiPicker';

/** How often the recording clock moves. */
const CLOCK_TICK_MS = 200;

const TOOL =
  'flex h-9 w-9 md:h-8 md:w-8 items-center justify-center rounded text-wx-icon hover:bg-wx-hover disabled:text-wx-faint disabled:hover:bg-transparent';

/** Files pasted (screenshots, copied files): none when the clipboard holds only text. */
function pastedFiles(data: DataTransfer): File[] {
  const out: File[] = [];
  for (const item of Array.from(data.items)) {
    if (item.kind !== 'file') continue;
    const f = item.getAsFile();
    if (f) out.push(f);
  }
  return out;
}

/** The record bar: clock, Cancel, Send; stops by itself at VOICE_MAX_MS. */
function Recorder({ rec, onDone }: { rec: VoiceRecording; onDone: (send: boolean) => void }) {
  const [elapsed, setElapsed] = useState(0);
  useEffect(() => {
    const t = setInterval(() => {
      const ms = rec.elapsedMs();
      setElapsed(ms);
      if (ms >= VOICE_MAX_MS) onDone(true);
    }, CLOCK_TICK_MS);
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.key === 'Escape') onDone(false);
    };
    document.addEventListener('keydown', onKey);
    return () => {
      clearInterval(t);
      document.removeEventListener('keydown', onKey);
    };
  }, [rec, onDone]);
  return (
    <div
      role="group"
      aria-label="Voice recording"
      className="flex min-w-0 flex-1 items-center justify-center gap-2 md:gap-4 md:px-5"
    >
      <span
        className="h-2.5 w-2.5 animate-pulse rounded-full bg-wx-danger-fill"
        aria-hidden="true"
      />
      <span role="timer" aria-label="Recording time" className="font-mono text-sm text-wx-text">
        {clock(elapsed)}
      </span>
      <span className="hidden text-xs text-wx-muted md:inline">
        Recording… (at most {VOICE_MAX_MS / 1000} s)
      </span>
      <button
        type="button"
        onClick={() => onDone(false)}
        className="h-8 shrink-0 rounded border border-wx-line bg-wx-card px-3 text-sm text-wx-text hover:bg-wx-card-hover md:px-4"
      >
        Cancel
      </button>
      <button
        type="button"
        onClick={() => onDone(true)}
        className="h-8 shrink-0 rounded bg-wx-accent px-3 text-sm text-wx-on-fill hover:bg-wx-accent-hover md:px-4"
      >
        Send voice
      </button>
    </div>
  );
}

/**
 * The input area: emoji picker, attach (images and files), voice recording, a textarea (Enter
 * sends, Shift+Enter breaks the line; pasting an image or file sends it), Send.
 */
export function Composer({
  onSend,
  onTyping,
  onFiles,
  onVoice,
}: {
  onSend: (text: string) => void;
  onTyping: () => void;
  onFiles: (files: readonly File[]) => void;
  onVoice: (audio: Blob, durationMs: number) => void;
}) {
  const [text, setText] = useState('');
  const [picker, setPicker] = useState(false);
  const [rec, setRec] = useState<VoiceRecording | null>(null);
  const [voiceError, setVoiceError] = useState<string | null>(null);
  const [noVoice, setNoVoice] = useState<string | null>(null);
  const input = useRef<HTMLTextAreaElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const starting = useRef(false);
  const closePicker = useCallback(() => setPicker(false), []);

  // Known only in the browser (after hydration).
  useEffect(() => setNoVoice(voiceSupport()), []);
  // Leaving the chat mid-recording drops the recording and frees the microphone.
  const live = useRef<VoiceRecording | null>(null);
  useEffect(() => {
    live.current = rec;
  }, [rec]);
  useEffect(() => () => live.current?.cancel(), []);

  function send(): void {
    if (text.trim() === '') return;
    onSend(text);
    setText('');
    input.current?.focus();
  }

  function onKeyDown(e: KeyboardEvent<HTMLTextAreaElement>): void {
    // While an IME is composing (Chinese, Japanese…), Enter confirms the candidate instead.
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      send();
    }
  }

  function insert(emoji: string): void {
    const el = input.current;
    const start = el?.selectionStart ?? text.length;
    const end = el?.selectionEnd ?? text.length;
    const next = text.slice(0, start) + emoji + text.slice(end);
    setText(next);
    setPicker(false);
    requestAnimationFrame(() => {
      el?.focus();
      const at = start + emoji.length;
      el?.setSelectionRange(at, at);
    });
  }

  async function startRecording(): Promise<void> {
    if (starting.current) return;
    starting.current = true;
    setVoiceError(null);
    try {
      setRec(await VoiceRecording.start());
    } catch (err) {
      setVoiceError(`Cannot record: ${err instanceof Error ? err.message : String(err)}.`);
    } finally {
      starting.current = false;
    }
  }

  const finishRecording = useCallback(
    (send: boolean) => {
      const r = rec;
      if (!r) return;
      setRec(null);
      if (!send) return r.cancel();
      void r.stop().then(
        ({ blob, durationMs }) => {
          if (durationMs < VOICE_MIN_MS || blob.size === 0)
            setVoiceError('Too short to send: hold on a little longer.');
          else onVoice(blob, durationMs);
        },
        (err: unknown) => setVoiceError(err instanceof Error ? err.message : String(err)),
      );
    },
    [rec, onVoice],
  );

  return (
    // Desktop: toolbar, a tall text area, then hint and Send (160 px, as WeChat for PC). Phone:
    // one row of tools, a growing text box and Send, above the safe-area inset.
    <div className="relative flex shrink-0 flex-row flex-wrap items-end gap-1 border-t border-wx-sep bg-wx-list px-2 pt-2 pb-[max(0.5rem,env(safe-area-inset-bottom))] md:h-[160px] md:flex-col md:flex-nowrap md:items-stretch md:gap-0 md:bg-transparent md:p-0">
      <div className="flex shrink-0 items-center gap-0.5 md:gap-1 md:px-4 md:pt-2">
        <button
          type="button"
          aria-label="Emoji"
          aria-expanded={picker}
          aria-haspopup="dialog"
          data-emoji-toggle
          title="Emoji"
          disabled={rec !== null}
          onClick={() => setPicker((v) => !v)}
          className={TOOL}
        >
          <SmileIcon />
        </button>
        <button
          type="button"
          aria-label="Send image or file"
          title="Send image or file"
          disabled={rec !== null}
          onClick={() => fileInput.current?.click()}
          className={TOOL}
        >
          <PaperclipIcon />
        </button>
        <input
          ref={fileInput}
          type="file"
          multiple
          aria-label="Attach files"
          className="hidden"
          onChange={(e) => {
            const files = Array.from(e.target.files ?? []);
            e.target.value = ''; // the same file may be picked again
            if (files.length > 0) onFiles(files);
          }}
        />
        <button
          type="button"
          aria-label={rec ? 'Recording voice message' : 'Record voice message'}
          aria-pressed={rec !== null}
          title={noVoice ? `Voice messages are not available: ${noVoice}` : 'Record voice message'}
          disabled={noVoice !== null || rec !== null}
          onClick={() => void startRecording()}
          className={`${TOOL} ${rec ? 'text-wx-danger' : ''}`}
        >
          <MicIcon />
        </button>
      </div>
      {voiceError ? (
        <span
          role="alert"
          className="order-first basis-full truncate px-1 text-xs text-wx-danger md:absolute md:top-3.5 md:left-[140px] md:px-0"
        >
          {voiceError}
        </span>
      ) : null}
      {picker ? <EmojiPicker onPick={insert} onClose={closePicker} /> : null}
      {rec ? (
        <Recorder rec={rec} onDone={finishRecording} />
      ) : (
        <textarea
          ref={input}
          aria-label="Message"
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            if (e.target.value.trim() !== '') onTyping();
          }}
          onKeyDown={onKeyDown}
          onPaste={(e) => {
            const files = pastedFiles(e.clipboardData);
            if (files.length === 0) return; // plain text pastes as usual
            e.preventDefault();
            onFiles(files);
          }}
          rows={1}
          enterKeyHint="send"
          className="max-h-[120px] min-h-9 min-w-0 flex-1 resize-none rounded bg-wx-card px-3 py-1.5 text-[16px] leading-[1.5] text-wx-text outline-none max-md:[field-sizing:content] md:max-h-none md:min-h-0 md:rounded-none md:bg-transparent md:px-5 md:py-1 md:text-[14px]"
        />
      )}
      <div className="flex shrink-0 items-center justify-end gap-3 md:px-5 md:pb-3">
        <span className="hidden min-w-0 truncate text-[11px] text-wx-muted lg:inline">
          Enter to send, Shift+Enter for a new line; paste or drop images and files
        </span>
        <button
          type="button"
          onClick={send}
          disabled={text.trim() === '' || rec !== null}
          className="h-9 rounded bg-wx-accent px-4 text-sm text-wx-on-fill transition-colors disabled:bg-wx-field disabled:text-wx-muted md:h-8 md:bg-wx-field md:px-5 md:text-wx-green md:hover:bg-wx-hover md:disabled:hover:bg-wx-field"
        >
          Send
        </button>
      </div>
    </div>
  );
}
