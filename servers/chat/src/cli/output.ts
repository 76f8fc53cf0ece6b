// Where lines go: stdout, coloured by their leading marker only when asked (a terminal), and
// without trampling the half-typed command when a notification arrives in interactive mode.
import { clearLine, cursorTo, type Interface } from 'node:readline';

const ANSI = {
  red: '\x1b[31m',
  dim: '\x1b[2m',
  cyan: '\x1b[36m',
  reset: '\x1b[0m',
} as const;

export class Output {
  private rl: Interface | null = null;

  constructor(
    private readonly out: NodeJS.WriteStream,
    private readonly color: boolean,
  ) {}

  /** Interactive mode: lines are printed above the prompt, which is then redrawn. */
  attach(rl: Interface): void {
    this.rl = rl;
  }

  /** Back to plain lines: the session is ending and no prompt should be redrawn. */
  detach(): void {
    this.rl = null;
  }

  line(text: string): void {
    const interactive = this.rl !== null && this.out.isTTY;
    if (interactive) {
      clearLine(this.out, 0);
      cursorTo(this.out, 0);
    }
    this.out.write(this.paint(text) + '\n');
    if (interactive) this.rl?.prompt(true);
  }

  lines(texts: readonly string[]): void {
    for (const t of texts) this.line(t);
  }

  private paint(text: string): string {
    if (!this.color) return text;
    const c = text.startsWith('!')
      ? ANSI.red
      : text.startsWith('*')
        ? ANSI.dim
        : text.startsWith('[')
          ? ANSI.cyan
          : '';
    return c ? c + text + ANSI.reset : text;
  }
}
