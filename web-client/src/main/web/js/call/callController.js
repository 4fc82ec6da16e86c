// One person's side of the video call of one conversation: the call's state as the server pushes it (CallUpdate
// events in the conversation, see docs/protocol.md section 9), what this person does (start, accept, decline,
// join, leave, admit, remove, end, mute, camera), and one RTCPeerConnection per other participant (a full mesh),
// each with perfect negotiation over the server's signal relay. No DOM: the connection, the local media and the
// RTCPeerConnection class are injected, so it runs under node with fakes.
//
// Events: 'change' (call state or phase), 'peers' (a peer came, went, got a track or changed its connection
// state), 'quality' (weak: boolean), 'connected' (the first peer connection reached "connected"), 'error' (a
// request failed: RequestError).
import { Emitter } from '../emitter.js';
import { PerfectNegotiation } from './negotiation.js';
import { rtcConfiguration, iceTransportPolicy, renewDelayMs } from './iceServers.js';
import { QualityMonitor, usesRelay } from './quality.js';
import { toInt } from '../format.js';

/** Where this person is, as the views draw it. */
export const CallPhase = Object.freeze({
  NONE: 'none', // no call, or nothing for me in it
  INVITED: 'invited', // it rings for me: pre-join (preview, devices, join or decline)
  JOINABLE: 'joinable', // a call I may join (a meeting, a consult, or mine after a reload): pre-join
  LOBBY: 'lobby', // accepted, waiting until the host lets me in
  IN_CALL: 'inCall', // admitted, media flowing from this page
  HOSTING: 'hosting', // I started it; nobody else in yet (the lobby list shows who waits)
  ENDED: 'ended', // the call ended, or I left / was removed (endReason / myFinalState say why)
});

const IN_STATES = new Set(['CALL_ADMITTED', 'CALL_CONNECTED']);
const FINAL_STATES = new Set(['CALL_DECLINED', 'CALL_TIMED_OUT', 'CALL_LEFT', 'CALL_REMOVED']);

/**
 * Who is polite in a pair (docs/protocol.md section 11, "Who sends offers, and glare"): the participant whose id is
 * smaller, compared as JavaScript compares strings. Both sides compute the same answer from the two ids alone.
 */
export function isPolite(myId, otherId) {
  return myId < otherId;
}

/** The session id of an SDP's o= line (RFC 8866 section 5.2): the same for every offer of one peer connection. */
export function sdpSessionId(sdp) {
  const match = /^o=\S+ (\d+) /m.exec(sdp || '');
  return match ? match[1] : null;
}

/** Whether an offer comes from another peer connection than the one that made the current remote description. */
function isNewSession(pc, sdp) {
  const current = sdpSessionId(pc.remoteDescription?.sdp);
  const incoming = sdpSessionId(sdp);
  return current !== null && incoming !== null && current !== incoming;
}

const SDP_TYPE_TO_WIRE = { offer: 'SDP_OFFER', answer: 'SDP_ANSWER' };
const SDP_TYPE_FROM_WIRE = { SDP_OFFER: 'offer', SDP_ANSWER: 'answer' };

export class CallController extends Emitter {
  #connection;
  #conversationId;
  #media;
  #PeerConnection;
  #myId;
  #policy;
  #call = null;
  #lastSeq = 0;
  #joined = false; // this page takes part with media (after start/accept/join)
  #iceServers = [];
  #peers = new Map(); // participantId -> {id, pc, negotiation, polite, tracks: Set, state}
  #quality;
  #reportedConnected = false;
  #off = [];
  #disposed = false;
  #mediaSent = '';
  #joining = false; // a StartCall/AcceptCall/JoinCall awaits its answer
  #timers;
  #renewTimer = null; // asks for fresh TURN credentials before they expire (RenewIceServers)
  #sawMine = false; // this page saw an active call that concerned me

  /**
   * @param {object} o
   * @param {import('../connection.js').Connection} o.connection
   * @param {string} o.conversationId
   * @param {import('./media.js').LocalMedia} o.media
   * @param {() => string} o.myParticipantId this person's participant id in the conversation (from SubscribeResult)
   * @param {typeof RTCPeerConnection} [o.PeerConnectionImpl]
   * @param {string} [o.policy] iceTransportPolicy ('all', or 'relay' when forced)
   * @param {object} [o.qualityOptions] extra QualityMonitor options (tests)
   * @param {{setTimeout: Function, clearTimeout: Function, now: () => number}} [o.timers] (tests)
   */
  constructor({ connection, conversationId, media, myParticipantId, PeerConnectionImpl = globalThis.RTCPeerConnection, policy = iceTransportPolicy(), qualityOptions = {}, timers = null }) {
    super();
    this.#timers = timers || { setTimeout: (f, ms) => setTimeout(f, ms), clearTimeout: (t) => clearTimeout(t), now: () => Date.now() };
    this.#connection = connection;
    this.#conversationId = conversationId;
    this.#media = media;
    this.#myId = myParticipantId;
    this.#PeerConnection = PeerConnectionImpl;
    this.#policy = policy;
    this.#quality = new QualityMonitor({
      connections: () => [...this.#peers.values()].map((p) => p.pc),
      onChange: (weak) => this.emit('quality', weak),
      ...qualityOptions,
    });
    this.#off.push(
      connection.on('event', (event) => this.#onEvent(event)),
      connection.on('history', (conversationId, events) => {
        if (conversationId !== this.#conversationId) return;
        for (const event of events) this.#onEvent(event);
      }),
      connection.on('push', (type, payload) => this.#onPush(type, payload)),
      connection.on('helloOk', () => this.#onReconnected()),
      media.on('change', () => this.#onLocalMediaChange()),
    );
  }

  get conversationId() {
    return this.#conversationId;
  }

  get call() {
    return this.#call;
  }

  get myParticipantId() {
    return this.#myId();
  }

  get me() {
    return this.participant(this.#myId());
  }

  get joined() {
    return this.#joined;
  }

  get media() {
    return this.#media;
  }

  participant(id) {
    return this.#call?.participants?.find((p) => p.participantId === id) || null;
  }

  get isHost() {
    const me = this.#myId();
    return !!me && this.#call?.hostParticipantId === me;
  }

  /** The others in the call (admitted or connected), in order of arrival. */
  get others() {
    const me = this.#myId();
    return (this.#call?.participants || []).filter((p) => p.participantId !== me && IN_STATES.has(p.state));
  }

  /** Who waits in the lobby (for the host). */
  get lobby() {
    return (this.#call?.participants || []).filter((p) => p.state === 'CALL_IN_LOBBY');
  }

  /** Who was invited and has not answered yet. */
  get ringing() {
    return (this.#call?.participants || []).filter((p) => p.state === 'CALL_INVITED' || p.state === 'CALL_RINGING');
  }

  get active() {
    return !!this.#call && this.#call.state !== 'CALL_STATE_ENDED';
  }

  get phase() {
    const call = this.#call;
    if (!call) return CallPhase.NONE;
    const me = this.me;
    // An ended call (or my final state) only counts when this page saw it while it concerned me: a call that
    // ended before the page was opened is history, not news.
    if (call.state === 'CALL_STATE_ENDED') return this.#sawMine ? CallPhase.ENDED : CallPhase.NONE;
    if (!me) return call.mode === 'CALL_MEETING' ? CallPhase.JOINABLE : CallPhase.NONE;
    if (FINAL_STATES.has(me.state)) {
      if (me.state === 'CALL_LEFT' && call.mode === 'CALL_MEETING') return CallPhase.JOINABLE;
      return this.#sawMine && (me.state === 'CALL_REMOVED' || me.state === 'CALL_LEFT') ? CallPhase.ENDED : CallPhase.NONE;
    }
    if (me.state === 'CALL_INVITED' || me.state === 'CALL_RINGING') return CallPhase.INVITED;
    // While our StartCall/AcceptCall/JoinCall is on its way we count as in: the event it causes can come before
    // its answer, and the pre-join's camera must not be let go in between.
    const joined = this.#joined || this.#joining;
    if (me.state === 'CALL_IN_LOBBY') return joined ? CallPhase.LOBBY : CallPhase.JOINABLE;
    if (!joined) return CallPhase.JOINABLE;
    if (this.isHost && this.others.length === 0 && call.mode !== 'CALL_MEETING') return CallPhase.HOSTING;
    return CallPhase.IN_CALL;
  }

  /** The peer connections (id -> {pc, tracks, state}); for the views and the tests' own checks. */
  get peers() {
    return this.#peers;
  }

  // --- state from the server ---

  /** Ask the server for the conversation's call (after mount or reconnect). */
  async refresh() {
    const seqBefore = this.#lastSeq;
    try {
      const { payload } = await this.#connection.request({ getCall: { conversationId: this.#conversationId } });
      // An event that arrived while we asked is newer than this answer.
      if (this.#lastSeq === seqBefore) this.#applyCall(payload);
    } catch (err) {
      if (err?.code !== 'NOT_FOUND') this.emit('error', err);
    }
  }

  #onEvent(event) {
    if (event.conversationId !== this.#conversationId || !event.callUpdate) return;
    const seq = toInt(event.seq);
    if (seq && seq <= this.#lastSeq) return;
    this.#lastSeq = seq || this.#lastSeq;
    const update = event.callUpdate;
    // PARTICIPANT_RECONNECTED of another closes nothing here: they restart ICE on the peer connection they kept
    // (or, after a reload, offer from a new one, which replaces ours: #onSignal). Either offer may arrive before
    // or after this event; the outcome is the same. An offer of ours still unanswered went to their old socket and
    // is lost: send it again, or, as the impolite side, we would ignore their offer and wait for ever.
    if (update.change === 'PARTICIPANT_RECONNECTED' && update.participantId !== this.#myId()) this.#resendPendingOffer(update.participantId);
    this.#applyCall(update.call, update);
  }

  #applyCall(call, update = null) {
    if (!call) return;
    if (this.#call && call.callId !== this.#call.callId && this.#call.state !== 'CALL_STATE_ENDED' && call.state === 'CALL_STATE_ENDED') return;
    const previousPhase = this.phase;
    this.#call = call;
    const me = this.me;
    if (call.state !== 'CALL_STATE_ENDED' && me && !FINAL_STATES.has(me.state)) this.#sawMine = true;
    if (this.#joined && (call.state === 'CALL_STATE_ENDED' || (me && FINAL_STATES.has(me.state)))) this.#stopMedia();
    if (me?.state === 'CALL_INVITED' && !this.#ringingSent.has(call.callId)) {
      this.#ringingSent.add(call.callId);
      this.#connection.notify({ callRinging: { callId: call.callId } });
    }
    this.#syncPeers();
    this.emit('change', { previousPhase, phase: this.phase, update });
  }

  #ringingSent = new Set();

  #onPush(type, payload) {
    if (!this.#call || payload?.callId !== this.#call.callId) return;
    if (type === 'callSignal') this.#onSignal(payload);
    else if (type === 'iceServers') this.#applyIceServers(payload);
  }

  #applyIceServers(iceServers) {
    this.#iceServers = iceServers?.iceServers || [];
    const configuration = rtcConfiguration(this.#iceServers, { policy: this.#policy });
    for (const peer of this.#peers.values()) {
      try {
        peer.pc.setConfiguration(configuration);
      } catch {
        // a closed connection; it is replaced on the next sync
      }
    }
    this.#scheduleRenewal(iceServers?.expiresAt);
  }

  /** Fresh TURN credentials before these expire (docs/protocol.md, "ICE servers and TURN credentials"). */
  #scheduleRenewal(expiresAt) {
    this.#cancelRenewal();
    const delay = this.#joined || this.#joining ? renewDelayMs(expiresAt, this.#timers.now()) : null;
    if (delay === null) return;
    this.#renewTimer = this.#timers.setTimeout(() => this.#renew(), delay);
  }

  #cancelRenewal() {
    if (this.#renewTimer !== null) this.#timers.clearTimeout(this.#renewTimer);
    this.#renewTimer = null;
  }

  async #renew() {
    this.#renewTimer = null;
    const call = this.#call;
    if (!this.#joined || !call || !this.active) return;
    try {
      const { type, payload } = await this.#connection.request({ renewIceServers: { callId: call.callId } });
      if (type === 'iceServers' && this.#joined && payload?.callId === this.#call?.callId) this.#applyIceServers(payload);
    } catch {
      // Offline now: the JoinCall after the reconnect brings fresh ones; ended or left: nothing to renew.
    }
  }

  async #onReconnected() {
    if (this.#disposed) return;
    if (this.#joined && this.active) {
      // A new socket: bind the call to it again (membership, state and media are kept by the server). The peer
      // connections stay; each restarts ICE (its offer goes through the server to the others, whose signals to us
      // may have been lost meanwhile). To someone who came in while we were away we offer anew.
      this.#wasIn = false;
      const kept = [...this.#peers.values()];
      try {
        await this.#request({ joinCall: { conversationId: this.#conversationId, media: this.#mediaState() } }, true);
      } catch {
        return; // the call ended or we were removed meanwhile: the events say so
      }
      for (const peer of kept) if (this.#peers.get(peer.id) === peer) peer.negotiation.restartIce();
    } else {
      await this.refresh();
    }
  }

  // --- what this person does ---

  /** Professional (host): start a call in this conversation; the clients are invited. */
  start() {
    return this.#request({ startCall: { conversationId: this.#conversationId, media: this.#mediaState() } }, true);
  }

  /** Accept the invitation with the media chosen on the pre-join screen (LocalMedia already started). */
  accept() {
    return this.#request({ acceptCall: { callId: this.#call.callId, media: this.#mediaState() } }, true);
  }

  /** Join the conversation's active call (meeting, consult, or mine again after a reload). */
  join() {
    return this.#request({ joinCall: { conversationId: this.#conversationId, media: this.#mediaState() } }, true);
  }

  decline() {
    this.#media.release();
    return this.#request({ declineCall: { callId: this.#call.callId } });
  }

  /** Leave (host of a ringing call: cancel it). */
  leave() {
    const call = this.#call;
    this.#stopMedia();
    if (!call || call.state === 'CALL_STATE_ENDED') return Promise.resolve(null);
    if (this.isHost && call.state === 'CALL_STATE_RINGING') return this.#request({ cancelCall: { callId: call.callId } });
    return this.#request({ leaveCall: { callId: call.callId } });
  }

  /** Host: end the call for everyone. */
  end() {
    this.#stopMedia();
    return this.#request({ endCall: { callId: this.#call.callId } });
  }

  admit(participantId) {
    return this.#request({ admitToCall: { callId: this.#call.callId, participantId } });
  }

  remove(participantId) {
    return this.#request({ removeFromCall: { callId: this.#call.callId, participantId } });
  }

  setMuted(muted) {
    this.#media.setMuted(muted);
  }

  async setCameraOn(on) {
    await this.#media.setCameraOn(on);
  }

  /**
   * The conversation the call belongs to ended (the chat was ended, or the client used quick exit): the call is
   * over too. The server ends it as well; this does not wait for that: camera and microphone go at once and the
   * page says why.
   */
  conversationEnded(quickExit) {
    if (!this.active) return;
    const previousPhase = this.phase;
    this.#stopMedia();
    this.#call = { ...this.#call, state: 'CALL_STATE_ENDED', endReason: quickExit ? 'CALL_END_QUICK_EXIT' : 'CALL_END_CONVERSATION_ENDED' };
    this.emit('change', { previousPhase, phase: this.phase, update: null });
  }

  /** The person closed the "call ended" notice: back to NONE until the next call. */
  dismissEnded() {
    if (this.phase !== CallPhase.ENDED) return;
    this.#sawMine = false;
    this.emit('change', { previousPhase: CallPhase.ENDED, phase: this.phase, update: null });
  }

  /** Quick exit or leaving the page: camera and microphone free at once; the server ends or leaves the call. */
  dispose() {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#stopMedia();
    for (const off of this.#off) off();
    this.#off = [];
    this.removeAll();
  }

  async #request(body, joins = false) {
    if (joins) this.#joining = true;
    try {
      const { type, payload } = await this.#connection.request(body);
      if (joins) this.#joining = false;
      if (joins && type === 'callSession') {
        this.#joined = true;
        this.#reportedConnected = false;
        this.#mediaSent = JSON.stringify(this.#mediaState());
        if (payload.iceServers) this.#applyIceServers(payload.iceServers);
        this.#applyCall(payload.call);
        this.#quality.start();
      } else if (type === 'call') {
        this.#applyCall(payload);
      }
      return payload;
    } catch (err) {
      if (joins) {
        this.#joining = false;
        this.emit('change', { previousPhase: this.phase, phase: this.phase, update: null });
      }
      this.emit('error', err);
      throw err;
    }
  }

  #mediaState() {
    return { audioMuted: this.#media.muted, cameraOff: !this.#media.cameraOn };
  }

  #stopMedia() {
    this.#joined = false;
    this.#cancelRenewal();
    this.#wasIn = false;
    this.#quality.stop();
    for (const id of [...this.#peers.keys()]) this.#closePeer(id);
    this.#media.release();
  }

  // --- peer connections ---

  /** One peer connection per other participant who is in the call, while this page is in it too. */
  #syncPeers() {
    const inCall = this.#joined && this.active && this.me && IN_STATES.has(this.me.state);
    const wanted = inCall ? new Set(this.others.map((p) => p.participantId)) : new Set();
    for (const id of [...this.#peers.keys()]) if (!wanted.has(id)) this.#closePeer(id);
    // Whoever becomes admitted (or binds the call to a new connection) offers to everyone already in; those wait
    // for the offer of someone who comes in after them.
    const entering = inCall && !this.#wasIn;
    this.#wasIn = !!inCall;
    for (const id of wanted) if (!this.#peers.has(id)) this.#openPeer(id, entering);
  }

  #wasIn = false; // whether this page was in the call (with media) at the previous sync

  #openPeer(otherId, iOffer) {
    const myId = this.#myId();
    const pc = new this.#PeerConnection(rtcConfiguration(this.#iceServers, { policy: this.#policy }));
    const polite = isPolite(myId, otherId);
    const peer = { id: otherId, pc, polite, tracks: new Set(), state: pc.connectionState || 'new', negotiation: null };
    this.#peers.set(otherId, peer);
    peer.negotiation = new PerfectNegotiation({
      pc,
      polite,
      send: (signal) => this.#sendSignal(otherId, signal),
      onError: () => {},
      beforeAnswer: () => this.#attachTracks(peer, true),
    });
    const early = this.#earlySignals.get(otherId);
    this.#earlySignals.delete(otherId);
    if (early) queueMicrotask(() => early.signals.forEach((signal) => this.#deliver(otherId, signal)));
    pc.ontrack = ({ track }) => {
      peer.tracks.add(track);
      track.onended = () => {
        peer.tracks.delete(track);
        this.emit('peers');
      };
      this.emit('peers');
    };
    pc.onconnectionstatechange = () => {
      peer.state = pc.connectionState;
      if (peer.state === 'connected' && !this.#reportedConnected && this.#call) {
        this.#reportedConnected = true;
        const callId = this.#call.callId;
        Promise.resolve()
          .then(() => pc.getStats())
          .then(usesRelay, () => false)
          .then((relayed) => this.#connection.request({ reportCallConnected: { callId, relayed } }))
          .catch(() => {});
        this.emit('connected', otherId);
      }
      // A failed path (network change, expired relay): the impolite side restarts ICE, through the server.
      if (peer.state === 'failed' && !polite) peer.negotiation.restartIce();
      this.emit('peers');
    };
    // The offering side creates the transceivers (audio and video, both ways even with the camera off, so that
    // switching the camera on later needs no renegotiation); adding them makes it negotiate.
    if (iOffer) {
      const stream = this.#media.stream;
      for (const kind of ['audio', 'video']) {
        const track = kind === 'audio' ? this.#media.audioTrack : this.#media.videoTrack;
        pc.addTransceiver(track || kind, { direction: 'sendrecv', streams: stream ? [stream] : [] });
      }
    }
    this.emit('peers');
  }

  /** The answering side puts its tracks on the transceivers the offer made. */
  async #attachTracks(peer, answering) {
    const stream = this.#media.stream;
    for (const transceiver of peer.pc.getTransceivers()) {
      const kind = transceiver.receiver?.track?.kind;
      if (!kind || transceiver.stopped) continue;
      const track = kind === 'audio' ? this.#media.audioTrack : this.#media.videoTrack;
      if (transceiver.sender.track !== track) await transceiver.sender.replaceTrack(track);
      if (answering) {
        if (transceiver.direction !== 'sendrecv') transceiver.direction = 'sendrecv';
        if (stream) transceiver.sender.setStreams?.(stream);
      }
    }
  }

  #closePeer(id) {
    const peer = this.#peers.get(id);
    if (!peer) return;
    this.#peers.delete(id);
    peer.negotiation.close();
    peer.pc.ontrack = peer.pc.onconnectionstatechange = null;
    try {
      peer.pc.close();
    } catch {
      // already closed
    }
    this.emit('peers');
  }

  #resendPendingOffer(id) {
    const peer = this.#peers.get(id);
    const offer = peer?.pc.localDescription;
    if (peer && peer.pc.signalingState === 'have-local-offer' && offer?.type === 'offer') {
      this.#sendSignal(id, { description: { type: offer.type, sdp: offer.sdp } });
    }
  }

  #sendSignal(toParticipantId, { description, candidate }) {
    if (!this.#call) return;
    const body = { callId: this.#call.callId, toParticipantId };
    if (description) body.description = { type: SDP_TYPE_TO_WIRE[description.type], sdp: description.sdp };
    else body.candidate = {
      candidate: candidate.candidate || '',
      sdpMid: candidate.sdpMid ?? '',
      sdpMLineIndex: candidate.sdpMLineIndex ?? 0,
      usernameFragment: candidate.usernameFragment ?? '',
    };
    this.#connection.request({ sendSignal: body }).catch(() => {
      // NOT_FOUND: they left meanwhile; the next CallUpdate closes this peer.
    });
  }

  #onSignal(signal) {
    const from = signal.fromParticipantId;
    const existing = this.#peers.get(from);
    if (existing && signal.description?.type === 'SDP_OFFER' && isNewSession(existing.pc, signal.description.sdp)) {
      // An offer from another peer connection than the one ours talks to: their page was reloaded. Ours is of no
      // use any more; a new one answers (whether or not their PARTICIPANT_RECONNECTED is here yet).
      this.#closePeer(from);
    }
    if (!this.#peers.has(from)) {
      const other = this.participant(from);
      if (!this.#joined || !other || !IN_STATES.has(other.state)) {
        // Their offer can overtake the CallUpdate that admits them (signals and events travel separately): keep it
        // until we open the peer connection to them.
        if (this.#joined) this.#keepEarlySignal(from, signal);
        return;
      }
      this.#openPeer(from, false);
    }
    this.#deliver(from, signal);
  }

  /** Signals of one peer are applied one after the other, in the order the server relayed them. */
  #inOrder(peer, step) {
    peer.queue = (peer.queue || Promise.resolve()).then(step, step);
  }

  #earlySignals = new Map(); // participantId -> {signals, at}

  #keepEarlySignal(from, signal) {
    const now = Date.now();
    for (const [id, entry] of this.#earlySignals) if (now - entry.at > 30000) this.#earlySignals.delete(id);
    const entry = this.#earlySignals.get(from) || { signals: [], at: now };
    if (entry.signals.length < 200) entry.signals.push(signal);
    this.#earlySignals.set(from, entry);
  }

  #deliver(from, signal) {
    const peer = this.#peers.get(from);
    if (!peer) return;
    if (signal.description) {
      const type = SDP_TYPE_FROM_WIRE[signal.description.type];
      if (!type) return;
      this.#inOrder(peer, () => peer.negotiation.receive({ description: { type, sdp: signal.description.sdp || '' } }));
    } else if (signal.candidate?.candidate) {
      const c = signal.candidate;
      const init = { candidate: c.candidate, sdpMid: c.sdpMid || '0', sdpMLineIndex: c.sdpMLineIndex || 0 };
      if (c.usernameFragment) init.usernameFragment = c.usernameFragment;
      this.#inOrder(peer, () => peer.negotiation.receive({ candidate: init }));
    }
  }

  async #onLocalMediaChange() {
    if (!this.#joined) return;
    for (const peer of this.#peers.values()) {
      try {
        await this.#attachTracks(peer, false);
      } catch {
        // the connection closed meanwhile
      }
    }
    const state = JSON.stringify(this.#mediaState());
    if (state !== this.#mediaSent && this.#call && this.active) {
      this.#mediaSent = state;
      this.#connection.request({ setCallMedia: { callId: this.#call.callId, media: this.#mediaState() } }).catch(() => {});
    }
  }
}
