// The only module of the web app that reads process.env (STYLE.md). Server-side only: route
// handlers import it; client components never do, so nothing here reaches the browser bundle.

const DEFAULT_GATE_PORT = '8080'; // PROTOCOL.md §8

/** Base URL of GateServer, without a trailing slash. The launcher passes GATE_URL. */
export const GATE_URL: string = (
  process.env.GATE_URL ?? `http://127.0.0.1:${process.env.GATE_PORT ?? DEFAULT_GATE_PORT}`
).replace(/\/+$/, '');
