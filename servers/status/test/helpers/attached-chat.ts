// A stand-in ChatServer process for the liveness test: reports itself to the StatusServer at
// argv[2] under the name argv[3], holds the Attach stream, prints "ready", then idles until it
// is killed. Extend it with more argv if a test needs the entry to carry more.
import { connectStatus } from '../../src/client';

const [addr, name] = process.argv.slice(2);
if (!addr || !name) throw new Error('usage: attached-chat.ts <status addr> <name>');
const status = connectStatus(addr);
await status.report({ name, host: '127.0.0.1', port: 1, load: 0 });
status.attach(
  name,
  (err) => {
    process.stderr.write(`attach lost: ${err.message}\n`);
    process.exit(2);
  },
  () => process.stdout.write('ready\n'),
);
setInterval(() => undefined, 60_000);
