// Voice messages in the browser: record with MediaRecorder (microphone through getUserMedia),
// and measure the length of received recordings. Browser-only; callers check `voiceSupport()`
// first, since older browsers (and insecure origins) have neither API.

/** WeChat's limit for one voice message; recording stops by itself there. */
export const VOICE_MAX_MS = 60_000; // 60 s
/** Shorter than this is a slip of the finger, not a message. */
export const VOICE_MIN_MS = 500; // 0.5 s
/** MediaRecorder hands over data this often, so a stop loses little. */
const TIMESLICE_MS = 250;

/** Container types in order of preference; the gate recognises all of them as audio (§7). */
const TYPES = ['audio/webm;codecs=opus', 'audio/webm', 'audio/ogg;codecs=opus', 'audio/mp4'];

/** Why voice cannot be recorded here, or null when it can. */
export function voiceSupport(): string | null {
  if (typeof window === 'undefined') return 'not in a browser';
  if (!window.isSecureContext) return 'voice recording needs a secure (https) page';
  if (typeof navigator.mediaDevices?.getUserMedia !== 'function' || !('MediaRecorder' in window))
    return 'this browser cannot record audio';
  return null;
}

function pickType(): string {
  for (const t of TYPES) if (MediaRecorder.isTypeSupported(t)) return t;
  return '';
}

/** File extension for an audio type, for the upload's name. */
export function audioExtension(type: string): string {
  if (type.includes('ogg')) return 'ogg';
  if (type.includes('mp4')) return 'm4a';
  return 'webm';
}

export interface Recorded {
  blob: Blob;
  durationMs: number;
}

/** One recording: `start()` asks for the microphone; `stop()` gives the audio, `cancel()` none. */
export class VoiceRecording {
  readonly #stream: MediaStream;
  readonly #recorder: MediaRecorder;
  readonly #chunks: Blob[] = [];
  readonly #startedAt: number;
  readonly #done: Promise<Blob>;

  private constructor(stream: MediaStream) {
    this.#stream = stream;
    const type = pickType();
    this.#recorder = new MediaRecorder(stream, type ? { mimeType: type } : undefined);
    this.#recorder.ondataavailable = (e) => {
      if (e.data.size > 0) this.#chunks.push(e.data);
    };
    this.#done = new Promise<Blob>((resolve, reject) => {
      this.#recorder.onstop = () =>
        resolve(new Blob(this.#chunks, { type: this.#recorder.mimeType || type || 'audio/webm' }));
      this.#recorder.onerror = () => reject(new Error('the recording failed'));
    });
    this.#recorder.start(TIMESLICE_MS);
    this.#startedAt = Date.now();
  }

  /** Asks for the microphone; rejects with a readable reason (denied, none, unsupported). */
  static async start(): Promise<VoiceRecording> {
    const why = voiceSupport();
    if (why) throw new Error(why);
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    } catch (err) {
      const name = err instanceof DOMException ? err.name : '';
      if (name === 'NotAllowedError' || name === 'SecurityError')
        throw new Error('microphone access was denied', { cause: err });
      if (name === 'NotFoundError') throw new Error('no microphone was found', { cause: err });
      throw new Error('the microphone could not be opened', { cause: err });
    }
    return new VoiceRecording(stream);
  }

  elapsedMs(now = Date.now()): number {
    return now - this.#startedAt;
  }

  async stop(): Promise<Recorded> {
    const durationMs = Math.min(this.elapsedMs(), VOICE_MAX_MS);
    if (this.#recorder.state !== 'inactive') this.#recorder.stop();
    try {
      return { blob: await this.#done, durationMs };
    } finally {
      this.#release();
    }
  }

  cancel(): void {
    if (this.#recorder.state !== 'inactive') this.#recorder.stop();
    this.#done.catch(() => undefined);
    this.#release();
  }

  #release(): void {
    for (const t of this.#stream.getTracks()) t.stop();
  }
}

/**
 * Length of a recording in ms. Decoding gives the exact figure; MediaRecorder's WebM has no
 * duration in its header (the <audio> element reports Infinity until it has read to the end),
 * so the element is only the fallback, with a seek to the end to make it look.
 */
export async function measureDuration(blob: Blob): Promise<number> {
  try {
    const Ctx = window.OfflineAudioContext;
    const ctx = new Ctx(1, 1, 44_100);
    const buf = await ctx.decodeAudioData(await blob.arrayBuffer());
    return Math.round(buf.duration * 1000);
  } catch {
    return elementDuration(blob);
  }
}

function elementDuration(blob: Blob): Promise<number> {
  return new Promise((resolve, reject) => {
    const url = URL.createObjectURL(blob);
    const a = new Audio();
    a.preload = 'metadata';
    const done = (ms: number | null) => {
      URL.revokeObjectURL(url);
      a.removeAttribute('src');
      if (ms === null) reject(new Error('unknown length'));
      else resolve(ms);
    };
    a.onerror = () => done(null);
    a.onloadedmetadata = () => {
      if (Number.isFinite(a.duration)) return done(Math.round(a.duration * 1000));
      a.ondurationchange = () => {
        if (Number.isFinite(a.duration)) done(Math.round(a.duration * 1000));
      };
      a.currentTime = Number.MAX_SAFE_INTEGER;
    };
    a.src = url;
  });
}
