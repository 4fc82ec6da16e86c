// Perfect negotiation (W3C WebRTC 1.0, section 10.7 "Perfect negotiation example"; MDN "Establishing a connection:
// the perfect negotiation pattern"): both sides may renegotiate at any time (camera on again, ICE restart) and an
// offer collision ("glare") is resolved the same way on both sides without a round trip. The POLITE peer gives way
// (rolls back its own offer and answers the other's); the IMPOLITE peer ignores the colliding offer. Who is polite
// is decided by the call (see call flow in docs/protocol.md): both sides must agree, and exactly one is polite.
// No DOM: the RTCPeerConnection is passed in, so this runs under node with a fake.

export class PerfectNegotiation {
  #pc;
  #polite;
  #send;
  #onError;
  #beforeAnswer;
  #makingOffer = false;
  #ignoreOffer = false;
  #settingRemoteAnswerPending = false;
  #pendingCandidates = [];
  #closed = false;

  /**
   * @param {object} o
   * @param {RTCPeerConnection} o.pc
   * @param {boolean} o.polite
   * @param {(signal: {description?: {type: string, sdp: string}, candidate?: object|null}) => void} o.send
   *        hands a description or ICE candidate to the signaling channel (the server relays it to the other peer)
   * @param {(error: Error) => void} [o.onError]
   * @param {() => (void|Promise<void>)} [o.beforeAnswer] called after a remote offer was applied and before the
   *        answer is made: the answering side attaches its own tracks to the offered transceivers here
   */
  constructor({ pc, polite, send, onError = () => {}, beforeAnswer = () => {} }) {
    this.#pc = pc;
    this.#polite = polite;
    this.#send = send;
    this.#onError = onError;
    this.#beforeAnswer = beforeAnswer;
    pc.onnegotiationneeded = () => this.#negotiate();
    pc.onicecandidate = ({ candidate }) => {
      if (this.#closed) return;
      // null marks the end of gathering: nothing to relay.
      if (candidate) this.#send({ candidate: typeof candidate.toJSON === 'function' ? candidate.toJSON() : candidate });
    };
  }

  get polite() {
    return this.#polite;
  }

  /** Ask for an ICE restart (the connection failed or the network changed); the restart offer follows. */
  restartIce() {
    if (this.#closed) return;
    this.#pc.restartIce();
  }

  async #negotiate() {
    if (this.#closed) return;
    try {
      this.#makingOffer = true;
      // Without arguments setLocalDescription creates the right offer (or answer) for the current state.
      await this.#pc.setLocalDescription();
      this.#send({ description: plain(this.#pc.localDescription) });
    } catch (error) {
      this.#onError(error);
    } finally {
      this.#makingOffer = false;
    }
  }

  /**
   * What the other peer sent, as relayed by the server: {description} or {candidate}.
   * Resolves when it has been applied (or deliberately ignored).
   */
  async receive({ description = null, candidate = null }) {
    if (this.#closed) return;
    const pc = this.#pc;
    try {
      if (description) {
        // An offer collides when we are making one ourselves, or have one outstanding, unless we are
        // only waiting to apply the answer to our own offer.
        const readyForOffer = !this.#makingOffer
          && (pc.signalingState === 'stable' || this.#settingRemoteAnswerPending);
        const offerCollision = description.type === 'offer' && !readyForOffer;
        this.#ignoreOffer = !this.#polite && offerCollision;
        if (this.#ignoreOffer) return;
        this.#settingRemoteAnswerPending = description.type === 'answer';
        // For the polite peer, setRemoteDescription(offer) rolls back its own offer implicitly.
        await pc.setRemoteDescription(description);
        this.#settingRemoteAnswerPending = false;
        if (description.type === 'offer') {
          await this.#beforeAnswer();
          await pc.setLocalDescription();
          this.#send({ description: plain(pc.localDescription) });
        }
        await this.#flushCandidates();
      } else if (candidate) {
        if (!pc.remoteDescription) {
          // A candidate can overtake the offer it belongs to: keep it until the description is there.
          this.#pendingCandidates.push(candidate);
          return;
        }
        await this.#addCandidate(candidate);
      }
    } catch (error) {
      this.#settingRemoteAnswerPending = false;
      this.#onError(error);
    }
  }

  async #flushCandidates() {
    const waiting = this.#pendingCandidates;
    this.#pendingCandidates = [];
    for (const candidate of waiting) await this.#addCandidate(candidate);
  }

  async #addCandidate(candidate) {
    try {
      await this.#pc.addIceCandidate(candidate);
    } catch (error) {
      // Candidates of an offer we ignored as the impolite peer are expected to fail.
      if (!this.#ignoreOffer) throw error;
    }
  }

  close() {
    this.#closed = true;
    this.#pc.onnegotiationneeded = null;
    this.#pc.onicecandidate = null;
  }
}

function plain(description) {
  return { type: description.type, sdp: description.sdp };
}
