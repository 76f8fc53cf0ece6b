// One load scenario over a set of pairs: closed loop (each sender keeps `window` messages in flight,
// in flight = sent and not yet seen by the peer as MSG_NOTIFY) or paced (a fixed total rate,
// round-robin over the senders). Counts everything, so nothing is dropped silently: sent,
// answered by SEND_MSG_RSP (ok / by error code), delivered, out-of-order or duplicate seqs, notifies
// from an earlier scenario, ACKs and their responses. Latency is send → MSG_NOTIFY at the receiver,
// from a timestamp the sender puts in the text (both ends live in this process, so one clock).
import { performance } from 'node:perf_hooks';
import { encodeFrame, MsgType } from '@parley/proto';
import { flusher, type BenchClient, type Notify, type SendRsp, type Sink } from './client';

export interface LoadConfig {
  id: number;
  mode: 'closed' | 'paced';
  senders: BenchClient[];
  window: number;
  rate: number;
  textBytes: number;
  ackEvery: number;
}

export interface LoadCounts {
  sent: number;
  rspOk: number;
  rspErr: number;
  errCodes: Record<string, number>;
  delivered: number;
  /** A seq not above the last one this receiver saw in the conversation (PROTOCOL.md §5). */
  orderErrors: number;
  /** MSG_NOTIFY of a message sent in an earlier scenario (arrived after that one's drain). */
  stale: number;
  /** MSG_NOTIFY for a conversation or sender the receiver is not paired with. */
  foreign: number;
  acks: number;
  ackRsp: number;
  ackErr: number;
  /** Paced: sends skipped because a second's worth of messages was already in flight. */
  skipped: number;
  /** SEND_MSG_RSP / ACK_RSP of an earlier scenario (arrived after that one's drain). */
  staleRsp: number;
  /** Other pushes/responses by type (PRESENCE_NOTIFY, HEARTBEAT_RSP, ERROR, KICKED…). */
  other: Record<string, number>;
}

/** Paced mode bounds the messages in flight to one second's worth: past that the server is not
 *  keeping up, and the excess is counted as skipped rather than queued without end. */
const PACED_MAX_INFLIGHT_SECONDS = 1;
const PACE_TICK_MS = 1;
/** reqId = (scenario id + 1) × REQ_TAG + per-client counter; stays below 2^53. */
const REQ_TAG = 2 ** 32;
/** Latency samples kept per scenario (the rest are counted, not sampled). */
const MAX_SAMPLES = 4_000_000;

export class LoadRun implements Sink {
  readonly counts: LoadCounts = {
    sent: 0,
    rspOk: 0,
    rspErr: 0,
    errCodes: {},
    delivered: 0,
    orderErrors: 0,
    stale: 0,
    foreign: 0,
    acks: 0,
    ackRsp: 0,
    ackErr: 0,
    skipped: 0,
    staleRsp: 0,
    other: {},
  };
  /** Delivered while measuring (between start and end of the window). */
  windowDelivered = 0;
  windowSent = 0;
  measureStart = Infinity;
  measureEnd = Infinity;
  private sending = false;
  private measuring = false;
  private samples = new Float64Array(1 << 16);
  private nSamples = 0;
  private pacer: NodeJS.Timeout | null = null;
  private readonly prefix: string;
  private readonly pad: string;
  /** reqIds of this scenario are tag + counter, so a late response of another one is told apart. */
  private readonly tag: number;
  /** Sent and not yet delivered (or failed), over all senders. */
  private inFlight = 0;

  constructor(private readonly cfg: LoadConfig) {
    this.tag = (cfg.id + 1) * REQ_TAG;
    this.prefix = `${cfg.id}:`;
    // "<id>:<ms.µs>:" then padding up to textBytes (the timestamp is ~12 characters).
    this.pad = 'x'.repeat(Math.max(0, cfg.textBytes - this.prefix.length - 14));
  }

  get receivers(): BenchClient[] {
    return this.cfg.senders.map((s) => s.peer!);
  }

  attach(all: BenchClient[]): void {
    for (const c of all) {
      c.sink = this;
      c.outstanding = 0;
      c.storedSeqs = [];
      c.receivedSeqs = [];
    }
  }

  start(): void {
    this.sending = true;
    if (this.cfg.mode === 'closed') {
      for (const s of this.cfg.senders) this.topUp(s);
    } else {
      const t0 = performance.now();
      let due = 0;
      let rr = 0;
      const senders = this.cfg.senders;
      const maxInFlight = this.cfg.rate * PACED_MAX_INFLIGHT_SECONDS;
      this.pacer = setInterval(() => {
        const target = Math.floor(((performance.now() - t0) * this.cfg.rate) / 1000);
        for (; due < target; due++) {
          const s = senders[rr++ % senders.length]!;
          if (this.inFlight >= maxInFlight) this.counts.skipped++;
          else this.sendOne(s);
        }
        flusher.flush();
      }, PACE_TICK_MS);
    }
  }

  beginWindow(): void {
    this.measuring = true;
    this.measureStart = performance.now();
  }

  endWindow(): void {
    this.measuring = false;
    this.measureEnd = performance.now();
  }

  stopSending(): void {
    this.sending = false;
    if (this.pacer) clearInterval(this.pacer);
    this.pacer = null;
  }

  /** Every message answered and delivered (or failed), and every ACK answered. */
  settled(): boolean {
    const c = this.counts;
    if (c.rspOk + c.rspErr < c.sent || c.ackRsp + c.ackErr < c.acks) return false;
    return this.cfg.senders.every((s) => s.outstanding <= 0);
  }

  /** Final ACK of each receiver's last seq, like a client going idle. */
  finalAcks(): void {
    for (const r of this.receivers) {
      if (r.sinceAck > 0 && r.conversationId) this.ack(r);
    }
  }

  /** Latency samples (ms) of messages sent inside the window, sorted. */
  latencies(): Float64Array {
    return this.samples.subarray(0, this.nSamples).sort();
  }

  private sendOne(s: BenchClient): void {
    const n = ++s.msgCounter;
    const now = performance.now();
    s.outstanding++;
    this.inFlight++;
    this.counts.sent++;
    if (this.measuring) this.windowSent++;
    s.queue(
      encodeFrame(MsgType.SEND_MSG, {
        conversationId: s.conversationId,
        clientMsgId: `${s.uid}-${n}`,
        kind: 'text',
        text: `${this.prefix}${now.toFixed(3)}:${this.pad}`,
        reqId: this.tag + n,
      }),
    );
  }

  private topUp(s: BenchClient): void {
    while (s.outstanding < this.cfg.window) this.sendOne(s);
  }

  private ack(r: BenchClient): void {
    r.sinceAck = 0;
    this.counts.acks++;
    r.send(MsgType.ACK, { conversationId: r.conversationId, seq: r.lastSeq, reqId: this.tag });
  }

  private mine(reqId: unknown): boolean {
    return typeof reqId === 'number' && reqId >= this.tag && reqId < this.tag + REQ_TAG;
  }

  onSendRsp(c: BenchClient, body: SendRsp): void {
    if (!this.mine(body.reqId)) {
      this.counts.staleRsp++;
      return;
    }
    if (body.error === 0) {
      this.counts.rspOk++;
      if (typeof body.message === 'object') c.storedSeqs.push(body.message.seq);
      return;
    }
    this.counts.rspErr++;
    const k = String(body.error);
    this.counts.errCodes[k] = (this.counts.errCodes[k] ?? 0) + 1;
    // It will never be delivered: free its place in the window.
    c.outstanding--;
    this.inFlight--;
    if (this.sending && this.cfg.mode === 'closed') this.topUp(c);
  }

  onNotify(r: BenchClient, body: Notify): void {
    const now = performance.now();
    const m = body.message;
    const text = m.text ?? '';
    const sep = text.indexOf(':');
    if (text.slice(0, sep + 1) !== this.prefix) {
      this.counts.stale++;
      return;
    }
    const s = r.peer;
    if (m.conversationId !== r.conversationId || !s || m.from !== s.uid) {
      this.counts.foreign++;
      return;
    }
    if (m.seq <= r.lastSeq) this.counts.orderErrors++;
    else r.lastSeq = m.seq;
    r.receivedSeqs.push(m.seq);
    this.counts.delivered++;
    if (this.measuring) this.windowDelivered++;
    const sentAt = parseFloat(text.slice(sep + 1));
    if (sentAt >= this.measureStart && sentAt < this.measureEnd) this.sample(now - sentAt);
    if (++r.sinceAck >= this.cfg.ackEvery) this.ack(r);
    s.outstanding--;
    this.inFlight--;
    if (this.sending && this.cfg.mode === 'closed') this.topUp(s);
  }

  onOther(_c: BenchClient, type: number, body: Record<string, unknown>): void {
    if (type === MsgType.ACK_RSP) {
      if (!this.mine(body['reqId'])) this.counts.staleRsp++;
      else if (body['error'] === 0) this.counts.ackRsp++;
      else this.counts.ackErr++;
      return;
    }
    const k = String(type);
    this.counts.other[k] = (this.counts.other[k] ?? 0) + 1;
    if (type === MsgType.ERROR || type === MsgType.KICKED)
      console.error(`[bench] unexpected push ${type}: ${JSON.stringify(body)}`);
  }

  private sample(ms: number): void {
    if (this.nSamples === this.samples.length) {
      if (this.nSamples >= MAX_SAMPLES) return;
      const grown = new Float64Array(this.samples.length * 2);
      grown.set(this.samples);
      this.samples = grown;
    }
    this.samples[this.nSamples++] = ms;
  }
}

/** Stored messages that never reached their receiver, per conversation, as seq ranges. */
export function missing(senders: BenchClient[]): {
  total: number;
  conversations: number;
  sample: string[];
} {
  let total = 0;
  let conversations = 0;
  const sample: string[] = [];
  for (const s of senders) {
    const got = new Set(s.peer?.receivedSeqs ?? []);
    const lost = s.storedSeqs.filter((q) => !got.has(q)).sort((a, b) => a - b);
    if (lost.length === 0) continue;
    total += lost.length;
    conversations++;
    if (sample.length < 4) {
      const ranges: string[] = [];
      for (let i = 0; i < lost.length;) {
        let j = i;
        while (j + 1 < lost.length && lost[j + 1] === lost[j]! + 1) j++;
        ranges.push(i === j ? `${lost[i]}` : `${lost[i]}-${lost[j]}`);
        i = j + 1;
      }
      const all = s.storedSeqs.length;
      sample.push(
        `${s.conversationId} from ${s.uid}: ${lost.length}/${all} missing, seqs ${ranges.slice(0, 6).join(',')}${ranges.length > 6 ? ',…' : ''}`,
      );
    }
  }
  return { total, conversations, sample };
}

export function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}
