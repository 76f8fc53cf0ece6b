// The web app's production server: Next.js behind a plain Node HTTP server that sets
// X-Forwarded-For to the real socket address. `next start` keeps a client-sent X-Forwarded-For,
// so any browser could pick the address GateServer's per-IP limits count against; here the
// header is overwritten unless TRUST_PROXY=1 says a reverse proxy in front already set it.
// Run as its own process by web.ts (cwd = web/), with WEB_PORT / HOST in the environment.
import { createServer } from 'node:http';
import next from 'next';
import { loadConfig } from '@parley/core';

const config = loadConfig();
const app = next({ dev: false, dir: process.cwd(), hostname: config.HOST, port: config.WEB_PORT });
const handle = app.getRequestHandler();
await app.prepare();

createServer((req, res) => {
  if (!config.TRUST_PROXY) req.headers['x-forwarded-for'] = req.socket.remoteAddress ?? '';
  void handle(req, res);
}).listen(config.WEB_PORT, config.HOST, () => {
  console.log(`web app listening on http://${config.HOST}:${config.WEB_PORT}`);
});
