// The chaos checker's own redis-server on a free port: it is killed and started again empty, so
// it must never be the machine's shared Redis on 6379.
import { spawn, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';

export interface OwnRedis {
  url: string;
  /** SIGKILL, then start again on the same port with an empty dataset after `downMs`. */
  restartEmpty(downMs: number): Promise<void>;
  stop(): Promise<void>;
}

function waitPort(host: string, port: number, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  return new Promise((resolve, reject) => {
    const probe = () => {
      const s = connect(port, host, () => {
        s.destroy();
        resolve();
      });
      s.once('error', () => {
        if (Date.now() > deadline) reject(new Error(`nothing listens on ${host}:${port}`));
        else setTimeout(probe, 50);
      });
    };
    probe();
  });
}

const killed = (c: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (c.exitCode !== null || c.signalCode !== null) return resolve();
    c.once('exit', () => resolve());
    c.kill('SIGKILL');
  });

export async function startOwnRedis(host: string, port: number, dir: string): Promise<OwnRedis> {
  // No persistence: a restart comes back empty, as issue 11's "Redis restarted empty".
  // Not protected mode: in namespace mode the services reach it over the test bridge.
  const args = ['--port', String(port), '--bind', host, '--protected-mode', 'no'];
  args.push('--save', '', '--appendonly', 'no');
  const launch = async () => {
    const c = spawn('redis-server', [...args, '--dir', dir], { stdio: 'ignore' });
    await waitPort(host, port, 10_000);
    return c;
  };
  let child = await launch();
  const onExit = () => child.kill('SIGKILL'); // this process ends first: no orphan redis-server
  process.once('exit', onExit);
  return {
    url: `redis://${host}:${port}`,
    async restartEmpty(downMs) {
      await killed(child);
      await new Promise((r) => setTimeout(r, downMs));
      child = await launch();
    },
    async stop() {
      process.removeListener('exit', onExit);
      await killed(child);
    },
  };
}
