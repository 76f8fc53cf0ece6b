// The cluster supervisor over real child processes: restart with back-off and a reason, a crash
// loop handed on (never retried silently), and a stop that ends even a process ignoring SIGTERM.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { pino } from 'pino';
import { Supervised } from '../src/supervisor';

interface Line {
  msg: string;
  reason?: string;
  service?: string;
  pid?: number;
}

function recordingLogger() {
  const lines: Line[] = [];
  const logger = pino(
    { level: 'info' },
    { write: (s: string) => void lines.push(JSON.parse(s) as Line) },
  );
  return { logger, lines };
}

const node = (code: string) => () => spawn(process.execPath, ['-e', code], { stdio: 'ignore' });

async function until(what: string, check: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('Supervised', () => {
  it('restarts a process that exits and gives up on a crash loop, with the reason', async () => {
    const { logger, lines } = recordingLogger();
    let gaveUp: string | null = null;
    const s = new Supervised({
      name: 'gate',
      spawn: node('process.exit(3)'),
      logger,
      backoff: { initialMs: 20, maxMs: 40, maxFailures: 3 },
      onGiveUp: (reason) => (gaveUp = reason),
    });
    s.start();
    await until('give-up', () => gaveUp !== null);
    assert.equal(s.restarts, 2);
    assert.match(gaveUp!, /gate exited 3 times in a row.*last: code 3/);
    const restarting = lines.filter((l) => l.msg === 'service exited unexpectedly; restarting');
    assert.equal(restarting.length, 2);
    assert.ok(restarting.every((l) => l.reason === 'code 3' && l.service === 'gate'));
    assert.ok(lines.some((l) => l.msg === 'crash loop: giving up'));
    await s.stop();
  });

  it('brings back a process killed with SIGKILL, and stop() ends supervision', async () => {
    const { logger, lines } = recordingLogger();
    const s = new Supervised({
      name: 'chat-1',
      spawn: node('setInterval(() => {}, 1000)'),
      logger,
      backoff: { initialMs: 20 },
      onGiveUp: () => assert.fail('a single kill is not a crash loop'),
    });
    s.start();
    const first = s.pid!;
    process.kill(first, 'SIGKILL');
    await until('a new process', () => s.pid !== undefined && s.pid !== first);
    assert.ok(
      lines.some(
        (l) => l.msg === 'service exited unexpectedly; restarting' && l.reason === 'signal SIGKILL',
      ),
    );
    const second = s.pid!;
    await s.stop();
    assert.throws(() => process.kill(second, 0), /ESRCH/);
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(s.restarts, 1, 'not restarted after stop()');
  });

  it('kills a process that ignores SIGTERM once the grace time is over', async () => {
    const { logger } = recordingLogger();
    const s = new Supervised({
      name: 'stubborn',
      spawn: node("process.on('SIGTERM', () => {}); setInterval(() => {}, 1000)"),
      logger,
      onGiveUp: () => undefined,
    });
    s.start();
    const pid = s.pid!;
    await new Promise((r) => setTimeout(r, 300)); // let it install its SIGTERM handler
    await s.stop(200);
    assert.throws(() => process.kill(pid, 0), /ESRCH/);
  });
});
