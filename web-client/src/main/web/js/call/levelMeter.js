// How loud the microphone is, for the pre-join check ("do they hear me?") and the call's own tile: a WebAudio
// AnalyserNode on the microphone track, sampled when the view asks (on its animation frame).

/** Root mean square of time-domain samples (-1..1), scaled so normal speech fills most of 0..1. Pure; exported for tests. */
export function levelOf(samples) {
  if (!samples?.length) return 0;
  let sum = 0;
  for (const s of samples) sum += s * s;
  const rms = Math.sqrt(sum / samples.length);
  // Speech RMS is about 0.02-0.2: map logarithmically from -50 dBFS (0) to -10 dBFS (1).
  if (rms <= 0) return 0;
  const db = 20 * Math.log10(rms);
  return Math.min(1, Math.max(0, (db + 50) / 40));
}

/** Half-life of the shown level after a sound stops, so short sounds stay visible (a meter's usual fall-off). */
export const FALL_OFF_HALF_LIFE_MS = 300;

/** The level to show: the new one, or the previous one fallen off with time, whichever is higher. Pure; exported for tests. */
export function fallOff(previous, current, elapsedMs, halfLifeMs = FALL_OFF_HALF_LIFE_MS) {
  const decayed = previous * 0.5 ** (Math.max(0, elapsedMs) / halfLifeMs);
  const shown = Math.max(current, decayed);
  return shown < 0.01 ? 0 : shown;
}

export class LevelMeter {
  #shown = 0;
  #at = 0;
  #now;
  #context;
  #source;
  #analyser;
  #buffer;

  /**
   * @param {MediaStream} stream with an audio track
   * @param {object} [o]
   * @param {typeof AudioContext} [o.AudioContextImpl]
   */
  constructor(stream, { AudioContextImpl = globalThis.AudioContext || globalThis.webkitAudioContext, now = () => globalThis.performance?.now() ?? Date.now() } = {}) {
    this.#now = now;
    this.#context = new AudioContextImpl();
    this.#source = this.#context.createMediaStreamSource(stream);
    this.#analyser = this.#context.createAnalyser();
    this.#analyser.fftSize = 512;
    this.#buffer = new Float32Array(this.#analyser.fftSize);
    this.#source.connect(this.#analyser);
    // Chromium starts an AudioContext suspended without a user gesture; the level then reads 0 until resumed.
    this.#context.resume?.().catch?.(() => {});
  }

  /** The level to show now, 0..1 (with fall-off). */
  level() {
    if (!this.#analyser) return 0;
    this.#analyser.getFloatTimeDomainData(this.#buffer);
    const now = this.#now();
    this.#shown = fallOff(this.#shown, levelOf(this.#buffer), now - this.#at);
    this.#at = now;
    return this.#shown;
  }

  close() {
    try {
      this.#source?.disconnect();
    } catch {
      // already disconnected
    }
    this.#context?.close?.().catch?.(() => {});
    this.#source = this.#analyser = this.#context = null;
  }
}
