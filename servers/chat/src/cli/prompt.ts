// Asking for the password on a terminal without echoing it. Raw mode, so the characters never
// reach the screen; only Enter, Backspace, Ctrl-C and Ctrl-D are interpreted.
import type { ReadStream } from 'node:tty';

const ENTER = new Set(['\r', '\n']);
const BACKSPACE = new Set(['\x7f', '\b']);
const CTRL_C = '\x03';
const CTRL_D = '\x04';

/** Resolves with the typed line, or null on Ctrl-C / Ctrl-D (the user gave up). */
export function promptHidden(
  question: string,
  input: ReadStream,
  output: NodeJS.WritableStream,
): Promise<string | null> {
  return new Promise((resolve) => {
    let typed = '';
    output.write(question);
    input.setRawMode(true);
    input.setEncoding('utf8');
    input.resume();

    const finish = (value: string | null): void => {
      input.off('data', onData);
      input.setRawMode(false);
      // Paused again so the command reader that comes next starts from a clean stream.
      input.pause();
      output.write('\n');
      resolve(value);
    };

    function onData(chunk: string): void {
      for (const ch of chunk) {
        if (ENTER.has(ch)) return finish(typed);
        if (ch === CTRL_C || (ch === CTRL_D && typed === '')) return finish(null);
        if (BACKSPACE.has(ch)) typed = [...typed].slice(0, -1).join('');
        else if (ch >= ' ') typed += ch;
      }
    }
    input.on('data', onData);
  });
}
