// Perfect negotiation with two fake peer connections that follow the JSEP signaling-state rules: normal offer and
// answer, glare (both offer at once) resolved by the polite peer, candidates that overtake their offer, ICE restart.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PerfectNegotiation } from '../src/main/web/js/call/negotiation.js';

let sdpCounter = 0;

/** Signaling states and descriptions as in JSEP (RFC 8829), without media: enough for the pattern. */
class FakePeerConnection {
  signalingState = 'stable';
  localDescription = null;
  remoteDescription = null;
  pendingLocal = null;
  candidates = [];
  onnegotiationneeded = null;
  onicecandidate = null;
  restarts = 0;

  constructor(name) {
    this.name = name;
  }

  async setLocalDescription(description) {
    await Promise.resolve();
    const type = description?.type ?? (this.signalingState === 'have-remote-offer' ? 'answer' : 'offer');
    if (type === 'offer') {
      if (this.signalingState !== 'stable' && this.signalingState !== 'have-local-offer') throw new Error(`InvalidStateError: offer in ${this.signalingState}`);
      this.localDescription = { type, sdp: `${this.name}-offer-${++sdpCounter}` };
      this.signalingState = 'have-local-offer';
    } else {
      if (this.signalingState !== 'have-remote-offer') throw new Error(`InvalidStateError: answer in ${this.signalingState}`);
      this.localDescription = { type, sdp: `${this.name}-answer-${++sdpCounter}` };
      this.signalingState = 'stable';
    }
  }

  async setRemoteDescription(description) {
    await Promise.resolve();
    if (description.type === 'offer') {
      if (this.signalingState === 'have-local-offer') this.signalingState = 'stable'; // implicit rollback
      if (this.signalingState !== 'stable') throw new Error(`InvalidStateError: remote offer in ${this.signalingState}`);
      this.remoteDescription = description;
      this.signalingState = 'have-remote-offer';
    } else {
      if (this.signalingState !== 'have-local-offer') throw new Error(`InvalidStateError: remote answer in ${this.signalingState}`);
      this.remoteDescription = description;
      this.signalingState = 'stable';
    }
  }

  async addIceCandidate(candidate) {
    await Promise.resolve();
    if (!this.remoteDescription) throw new Error('InvalidStateError: no remote description');
    if (candidate.ufrag && !this.remoteDescription.sdp.startsWith(candidate.ufrag)) throw new Error('OperationError: unknown ufrag');
    this.candidates.push(candidate);
  }

  restartIce() {
    this.restarts += 1;
    this.needNegotiation();
  }

  needNegotiation() {
    queueMicrotask(() => this.onnegotiationneeded?.());
  }

  gather(candidate) {
    this.onicecandidate?.({ candidate });
  }
}

/** Two peers whose signals go through a queue the test flushes, like the server's relay. */
function pair() {
  const a = new FakePeerConnection('a');
  const b = new FakePeerConnection('b');
  const wire = [];
  const errors = [];
  const na = new PerfectNegotiation({ pc: a, polite: true, send: (s) => wire.push(['b', s]), onError: (e) => errors.push(e) });
  const nb = new PerfectNegotiation({ pc: b, polite: false, send: (s) => wire.push(['a', s]), onError: (e) => errors.push(e) });
  const peers = { a: na, b: nb };
  const settle = async () => {
    for (let i = 0; i < 200; i++) {
      await new Promise((r) => setImmediate(r));
      const next = wire.shift();
      if (next) await peers[next[0]].receive(next[1]);
      else if (i > 5) return;
    }
  };
  return { a, b, na, nb, wire, errors, settle };
}

test('one side offers, the other answers; both end stable with each other\'s descriptions', async () => {
  const { a, b, errors, settle } = pair();
  b.needNegotiation();
  await settle();
  assert.deepEqual(errors, []);
  assert.equal(a.signalingState, 'stable');
  assert.equal(b.signalingState, 'stable');
  assert.equal(a.remoteDescription.sdp, b.localDescription.sdp);
  assert.equal(b.remoteDescription.sdp, a.localDescription.sdp);
  assert.equal(b.localDescription.type, 'offer');
  assert.equal(a.localDescription.type, 'answer');
});

test('glare: both offer at once; the polite peer rolls back and answers, the impolite one ignores the other offer', async () => {
  const { a, b, wire, errors, settle } = pair();
  a.needNegotiation();
  b.needNegotiation();
  // Let both offers be made before anything is delivered.
  await new Promise((r) => setImmediate(r));
  await new Promise((r) => setImmediate(r));
  assert.equal(wire.filter(([, s]) => s.description?.type === 'offer').length, 2, 'both made an offer');
  await settle();
  assert.deepEqual(errors, []);
  assert.equal(a.signalingState, 'stable');
  assert.equal(b.signalingState, 'stable');
  // The impolite peer's offer won: the polite peer answered it.
  assert.equal(b.localDescription.type, 'offer');
  assert.equal(a.localDescription.type, 'answer');
  assert.equal(a.remoteDescription.sdp, b.localDescription.sdp);
});

test('candidates that arrive before their offer are kept and added after it; sent candidates are plain JSON', async () => {
  const { a, b, na, errors, settle } = pair();
  const early = { candidate: 'candidate:1 1 udp 2122260223 192.0.2.1 50000 typ host', sdpMid: '0' };
  await na.receive({ candidate: early });
  assert.equal(a.candidates.length, 0, 'no remote description yet: kept');
  b.needNegotiation();
  await settle();
  assert.deepEqual(a.candidates, [early]);
  b.gather({ candidate: 'candidate:2 1 udp 1 192.0.2.2 50001 typ host', sdpMid: '0', toJSON() { return { candidate: this.candidate, sdpMid: this.sdpMid }; } });
  await settle();
  assert.equal(a.candidates.length, 2);
  assert.deepEqual(a.candidates[1], { candidate: 'candidate:2 1 udp 1 192.0.2.2 50001 typ host', sdpMid: '0' }, 'sent as toJSON()');
  assert.deepEqual(errors, []);
});

test('an end-of-candidates null is not relayed; ICE restart renegotiates through the same path', async () => {
  const { a, b, wire, errors, nb, settle } = pair();
  b.needNegotiation();
  await settle();
  a.gather(null);
  assert.equal(wire.length, 0);
  nb.restartIce();
  await settle();
  assert.equal(b.restarts, 1);
  assert.equal(a.signalingState, 'stable');
  assert.equal(b.signalingState, 'stable');
  assert.equal(a.remoteDescription.sdp, b.localDescription.sdp);
  assert.deepEqual(errors, []);
});

test('after close() nothing is sent or applied', async () => {
  const { a, b, na, nb, wire } = pair();
  na.close();
  nb.close();
  b.needNegotiation();
  await new Promise((r) => setImmediate(r));
  assert.equal(wire.length, 0);
  await na.receive({ description: { type: 'offer', sdp: 'x' } });
  assert.equal(a.remoteDescription, null);
});
