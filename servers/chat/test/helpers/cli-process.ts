// Drives the `parley` CLI as a child process, the way a person or a script would: lines in on
// stdin, lines out on stdout. Every stdout line is recorded; `waitFor` searches from a cursor, so
// a test can ask for "a line like this after the command I just typed". To extend it, add methods
// that only read `lines` — never parse the CLI's output anywhere else.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const CLI_MAIN = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));

export interface CliOptions {
  gateUrl: string;
  account: string;
  password: string;
  extraArgs?: string[];
  /** PARLEY_HOME: where the CLI keeps its device id (PROTOCOL.md §9.2). Runs that share one
   *  are one device, as on one machine; a test never writes the user's own ~/.config.
   *  Without it the process gets a temporary one of its own (a new device), removed by stop(). */
  home?: string;
}

export class CliProcess {
  readonly lines: string[] = [];
  readonly exited: Promise<number | null>;
  stderr = '';
  private partial = '';
  private listeners: (() => void)[] = [];

  private constructor(readonly child: ChildProcessWithoutNullStreams) {
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      const parts = (this.partial + chunk).split('\n');
      this.partial = parts.pop() ?? '';
      this.lines.push(...parts);
      for (const l of this.listeners) l();
    });
    child.stdout.on('end', () => {
      if (this.partial !== '') this.lines.push(this.partial);
      this.partial = '';
      for (const l of this.listeners) l();
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => (this.stderr += chunk));
    // 'close', not 'exit': by then stdout has been read to the end.
    this.exited = new Promise((resolve) => child.once('close', (code) => resolve(code)));
  }

  /** The temporary PARLEY_HOME this harness made, if it made one. */
  private ownHome: string | null = null;

  static start(o: CliOptions): CliProcess {
    const ownHome =
      o.home === undefined ? mkdtempSync(path.join(os.tmpdir(), 'parley-cli-')) : null;
    const home = o.home ?? ownHome!;
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        CLI_MAIN,
        '--gate',
        o.gateUrl,
        '--account',
        o.account,
        ...(o.extraArgs ?? []),
      ],
      {
        env: { ...process.env, PARLEY_PASSWORD: o.password, PARLEY_HOME: home },
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
    const c = new CliProcess(child);
    c.ownHome = ownHome;
    return c;
  }

  /** Where the next line will be recorded: pass it to `waitFor` to skip older output. */
  get mark(): number {
    return this.lines.length;
  }

  /** Type a line; returns the mark before it, for `waitFor`. */
  send(line: string): number {
    const at = this.mark;
    this.child.stdin.write(line + '\n');
    return at;
  }

  /** The first line at or after `from` that matches, waiting up to `timeoutMs`. */
  waitFor(pattern: RegExp, from = 0, timeoutMs = 5_000): Promise<string> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const hit = this.lines.slice(from).find((l) => pattern.test(l));
        if (hit === undefined) return false;
        cleanup();
        resolve(hit);
        return true;
      };
      const onExit = (): void => {
        // Output that arrived with the exit still counts.
        if (check()) return;
        cleanup();
        reject(new Error(`CLI exited before printing ${String(pattern)}\n${this.transcript()}`));
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(
          new Error(
            `no line matching ${String(pattern)} within ${timeoutMs} ms\n${this.transcript()}`,
          ),
        );
      }, timeoutMs);
      const cleanup = (): void => {
        clearTimeout(timer);
        this.listeners = this.listeners.filter((l) => l !== listener);
        this.child.off('close', onExit);
      };
      const listener = (): void => void check();
      if (check()) return;
      this.listeners.push(listener);
      this.child.once('close', onExit);
    });
  }

  /** Lines from `from` on, once no new line has come for `quietMs` (to assert on a block). */
  async settle(from: number, quietMs = 150): Promise<string[]> {
    let n = -1;
    while (n !== this.lines.length) {
      n = this.lines.length;
      await new Promise((r) => setTimeout(r, quietMs));
    }
    return this.lines.slice(from);
  }

  transcript(): string {
    return `--- CLI stdout ---\n${this.lines.join('\n')}${this.partial}\n--- stderr ---\n${this.stderr}`;
  }

  /** Kill it if still running (cleanup in `after`). */
  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.child.kill('SIGKILL');
      await this.exited;
    }
    if (this.ownHome) rmSync(this.ownHome, { recursive: true, force: true });
  }
}
