'use client';
import { useCallback, useRef, useState, type KeyboardEvent } from 'react';
import { SmileIcon } from '../icons';
import { EmojiPicker } from './EmojiPicker';

/** The input area: emoji picker, a textarea (Enter sends, Shift+Enter breaks the line), Send. */
export function Composer({
  onSend,
  onTyping,
}: {
  onSend: (text: string) => void;
  onTyping: () => void;
}) {
  const [text, setText] = useState('');
  const [picker, setPicker] = useState(false);
  const input = useRef<HTMLTextAreaElement>(null);
  const closePicker = useCallback(() => setPicker(false), []);

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

  return (
    <div className="relative flex h-[160px] shrink-0 flex-col border-t border-[#e7e7e7]">
      <div className="flex items-center gap-1 px-4 pt-2">
        <button
          type="button"
          aria-label="Emoji"
          aria-expanded={picker}
          aria-haspopup="dialog"
          data-emoji-toggle
          title="Emoji"
          onClick={() => setPicker((v) => !v)}
          className="flex h-8 w-8 items-center justify-center rounded text-[#555] hover:bg-[#e6e6e6]"
        >
          <SmileIcon />
        </button>
      </div>
      {picker ? <EmojiPicker onPick={insert} onClose={closePicker} /> : null}
      <textarea
        ref={input}
        aria-label="Message"
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          if (e.target.value.trim() !== '') onTyping();
        }}
        onKeyDown={onKeyDown}
        className="min-h-0 flex-1 resize-none bg-transparent px-5 py-1 text-[14px] leading-[1.5] text-wx-text outline-none"
      />
      <div className="flex items-center justify-end gap-3 px-5 pb-3">
        <span className="text-[11px] text-[#b2b2b2]">
          Enter to send, Shift+Enter for a new line
        </span>
        <button
          type="button"
          onClick={send}
          disabled={text.trim() === ''}
          className="h-8 rounded bg-[#e9e9e9] px-5 text-sm text-wx-green transition-colors hover:bg-[#d2d2d2] disabled:text-[#b2b2b2] disabled:hover:bg-[#e9e9e9]"
        >
          Send
        </button>
      </div>
    </div>
  );
}
