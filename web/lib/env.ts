// The only module of the web app that reads process.env (STYLE.md). Server-side only: route
// handlers import it; client components never do, so nothing here reaches the browser bundle.

const DEFAULT_GATE_PORT = '8080'; // PROTOCOL.md §8

/** Base URL of GateServer, without a trailing slash. The launcher passes GATE_URL. */
export const GATE_URL: string = (
  process.env.GATE_URL ?? `http://127.0.0.1:${process.env.GATE_PORT ?? DEFAULT_GATE_PORT}`
).replace(/\/+$/, '');

const DEFAULT_BRIDGE_PORT = 8090; // PROTOCOL.md §8

/**
 * Port of the WebSocket bridge, read when the server starts (not at build time), so one build
 * runs under any BRIDGE_PORT. The browser learns it from GET /api/config.
 */
export const BRIDGE_PORT: number = (() => {
  const n = Number(process.env.BRIDGE_PORT ?? DEFAULT_BRIDGE_PORT);
  return Number.isInteger(n) && n > 0 && n < 65_536 ? n : DEFAULT_BRIDGE_PORT;
})();
