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

export class LevelMeter {
  #context;
  #source;
  #analyser;
  #buffer;

  /**
   * @param {MediaStream} stream with an audio track
   * @param {object} [o]
   * @param {typeof AudioContext} [o.AudioContextImpl]
   */
  constructor(stream, { AudioContextImpl = globalThis.AudioContext || globalThis.webkitAudioContext } = {}) {
    this.#context = new AudioContextImpl();
    this.#source = this.#context.createMediaStreamSource(stream);
    this.#analyser = this.#context.createAnalyser();
    this.#analyser.fftSize = 512;
    this.#buffer = new Float32Array(this.#analyser.fftSize);
    this.#source.connect(this.#analyser);
    // Chromium starts an AudioContext suspended without a user gesture; the level then reads 0 until resumed.
    this.#context.resume?.().catch?.(() => {});
  }

  /** The current level, 0..1. */
  level() {
    if (!this.#analyser) return 0;
    this.#analyser.getFloatTimeDomainData(this.#buffer);
    return levelOf(this.#buffer);
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
