// "Your connection is weak": packet loss and round-trip time from RTCPeerConnection.getStats(), sampled every few
// seconds. Weak for two samples in a row shows the hint (switch your camera off); good for two in a row hides it.

export const LOSS_WEAK = 0.05; // 5 % of packets lost since the last sample
export const RTT_WEAK_MS = 400;
const SAMPLES_TO_CHANGE = 2;

/**
 * Sum what matters from one getStats() report (a Map or an iterable of stats objects). Pure; exported for tests.
 * @returns {{received: number, lost: number, rttMs: number|null}}
 */
export function summarise(report) {
  let received = 0;
  let lost = 0;
  let rtt = null;
  const values = typeof report?.values === 'function' ? report.values() : report || [];
  for (const s of values) {
    if (s.type === 'inbound-rtp') {
      received += s.packetsReceived || 0;
      lost += Math.max(0, s.packetsLost || 0);
    } else if (s.type === 'candidate-pair' && s.nominated && s.state === 'succeeded' && typeof s.currentRoundTripTime === 'number') {
      rtt = Math.max(rtt ?? 0, s.currentRoundTripTime * 1000);
    } else if (s.type === 'remote-inbound-rtp' && typeof s.roundTripTime === 'number' && rtt === null) {
      rtt = s.roundTripTime * 1000;
    }
  }
  return { received, lost, rttMs: rtt };
}

/**
 * Whether the connection in a getStats() report runs through a TURN relay: its selected candidate pair (the
 * transport's selectedCandidatePairId, else the nominated succeeded pair) has a local or remote candidate of type
 * "relay". Pure; exported for tests. Only counted, anonymously, for the organisation's figures.
 */
export function usesRelay(report) {
  const stats = new Map();
  const values = typeof report?.values === 'function' ? [...report.values()] : [...(report || [])];
  for (const s of values) stats.set(s.id, s);
  const selectedIds = values.filter((s) => s.type === 'transport' && s.selectedCandidatePairId).map((s) => s.selectedCandidatePairId);
  const pairs = selectedIds.length
    ? selectedIds.map((id) => stats.get(id)).filter(Boolean)
    : values.filter((s) => s.type === 'candidate-pair' && s.nominated && s.state === 'succeeded');
  return pairs.some((pair) => [pair.localCandidateId, pair.remoteCandidateId].some((id) => stats.get(id)?.candidateType === 'relay'));
}

/** Loss since the previous summary (0..1) and whether this sample is weak. Pure; exported for tests. */
export function assess(previous, current) {
  const received = current.received - (previous?.received ?? 0);
  const lost = current.lost - (previous?.lost ?? 0);
  const total = received + lost;
  const loss = total > 0 ? Math.max(0, lost) / total : 0;
  const weak = loss >= LOSS_WEAK || (current.rttMs !== null && current.rttMs >= RTT_WEAK_MS);
  return { loss, rttMs: current.rttMs, weak };
}

/**
 * Watches one or more peer connections. onChange(weak) is called when the verdict flips (with hysteresis).
 */
export class QualityMonitor {
  #getConnections;
  #onChange;
  #intervalMs;
  #setInterval;
  #clearInterval;
  #timer = null;
  #previous = new Map(); // pc -> summary
  #streak = 0;
  #weak = false;

  /**
   * @param {object} o
   * @param {() => RTCPeerConnection[]} o.connections
   * @param {(weak: boolean, detail: object) => void} o.onChange
   */
  constructor({ connections, onChange, intervalMs = 3000, setInterval = (fn, ms) => globalThis.setInterval(fn, ms), clearInterval = (id) => globalThis.clearInterval(id) }) {
    this.#getConnections = connections;
    this.#onChange = onChange;
    this.#intervalMs = intervalMs;
    this.#setInterval = setInterval;
    this.#clearInterval = clearInterval;
  }

  get weak() {
    return this.#weak;
  }

  start() {
    if (this.#timer === null) this.#timer = this.#setInterval(() => this.sample(), this.#intervalMs);
  }

  /** One sample over all connections; the worst one counts. Exposed so tests can drive it. */
  async sample() {
    let worst = null;
    for (const pc of this.#getConnections()) {
      if (pc.connectionState !== 'connected') continue;
      let report;
      try {
        report = await pc.getStats();
      } catch {
        continue;
      }
      const current = summarise(report);
      const verdict = assess(this.#previous.get(pc), current);
      this.#previous.set(pc, current);
      if (!worst || (verdict.weak && !worst.weak) || verdict.loss > worst.loss) worst = verdict;
    }
    if (!worst) return;
    if (worst.weak === this.#weak) {
      this.#streak = 0;
      return;
    }
    this.#streak += 1;
    if (this.#streak >= SAMPLES_TO_CHANGE) {
      this.#streak = 0;
      this.#weak = worst.weak;
      this.#onChange(this.#weak, worst);
    }
  }

  stop() {
    if (this.#timer !== null) this.#clearInterval(this.#timer);
    this.#timer = null;
    this.#previous.clear();
  }
}
