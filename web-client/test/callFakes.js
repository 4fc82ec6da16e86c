// Test doubles for WebRTC: camera/microphone tracks and a mediaDevices that hands them out, and a peer connection
// that follows the JSEP signaling states (no media). Pure logic only.

let trackIds = 0;

export class FakeTrack {
  enabled = true;
  readyState = 'live';
  constructor(kind, deviceId) {
    this.kind = kind;
    this.deviceId = deviceId;
    this.id = `track-${++trackIds}`;
  }

  stop() {
    this.readyState = 'ended';
  }

  getSettings() {
    return { deviceId: this.deviceId };
  }
}

export class FakeStream {
  constructor(tracks) {
    this.tracks = [...tracks];
  }

  getTracks() {
    return [...this.tracks];
  }

  getAudioTracks() {
    return this.tracks.filter((t) => t.kind === 'audio');
  }

  getVideoTracks() {
    return this.tracks.filter((t) => t.kind === 'video');
  }

  addTrack(t) {
    this.tracks.push(t);
  }

  removeTrack(t) {
    this.tracks = this.tracks.filter((x) => x !== t);
  }
}

export function fakeDevices({ fail = null } = {}) {
  const calls = [];
  const tracks = [];
  return {
    calls,
    tracks,
    async getUserMedia(c) {
      calls.push(c);
      if (fail) throw Object.assign(new Error('no'), { name: fail });
      const made = [];
      if (c.audio) made.push(new FakeTrack('audio', c.audio.deviceId?.exact || 'mic-1'));
      if (c.video) made.push(new FakeTrack('video', c.video.deviceId?.exact || 'cam-1'));
      tracks.push(...made);
      return new FakeStream(made);
    },
    async enumerateDevices() {
      return [
        { kind: 'audioinput', deviceId: 'mic-1', label: 'Microfoon' },
        { kind: 'videoinput', deviceId: 'cam-1', label: '' },
        { kind: 'audiooutput', deviceId: 'spk', label: 'Speaker' },
      ];
    },
  };
}


/**
 * A peer connection with JSEP signaling states and transceivers, no media. The "SDP" lists the offerer's
 * transceiver kinds, so an answerer creates matching receiving transceivers, as a browser does.
 */
export class FakePeerConnection {
  static created = [];
  static sessions = 0;
  sessionId = ++FakePeerConnection.sessions; // the SDP o= line's session id: one per connection, as in a browser
  iceGeneration = 0; // the ICE credentials (a=ice-ufrag) change with each ICE restart
  configurations = [];
  signalingState = 'stable';
  connectionState = 'new';
  localDescription = null;
  remoteDescription = null;
  candidates = [];
  transceivers = [];
  closed = false;
  onnegotiationneeded = null;
  onicecandidate = null;
  ontrack = null;
  onconnectionstatechange = null;

  constructor(configuration) {
    this.configuration = configuration;
    FakePeerConnection.created.push(this);
  }

  addTransceiver(trackOrKind, init = {}) {
    const track = typeof trackOrKind === 'string' ? null : trackOrKind;
    const kind = track ? track.kind : trackOrKind;
    const transceiver = {
      direction: init.direction || 'sendrecv',
      stopped: false,
      sender: { track, streams: init.streams || [], replaceTrack: async (t) => { transceiver.sender.track = t; }, setStreams: (...streams) => { transceiver.sender.streams = streams; } },
      receiver: { track: new FakeTrack(kind, 'remote') },
    };
    this.transceivers.push(transceiver);
    queueMicrotask(() => this.onnegotiationneeded?.());
    return transceiver;
  }

  getTransceivers() {
    return [...this.transceivers];
  }

  setConfiguration(configuration) {
    this.configuration = configuration;
    this.configurations.push(configuration);
  }

  /** "SDP" with the lines the app reads: o= (session id), a=ice-ufrag, and the transceiver kinds. */
  sdp(kinds) {
    return `v=0\r\no=- ${this.sessionId} 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=ice-ufrag:u${this.iceGeneration}\r\na=kinds:${kinds}\r\n`;
  }

  async setLocalDescription() {
    await Promise.resolve();
    if (this.signalingState === 'have-remote-offer') {
      this.localDescription = { type: 'answer', sdp: this.sdp('') };
      this.signalingState = 'stable';
    } else {
      this.localDescription = { type: 'offer', sdp: this.sdp(this.transceivers.map((t) => t.receiver.track.kind).join(',')) };
      this.signalingState = 'have-local-offer';
    }
  }

  async setRemoteDescription(description) {
    await Promise.resolve();
    if (description.type === 'offer') {
      this.signalingState = 'have-remote-offer';
      const kinds = (description.sdp.match(/a=kinds:([^\r\n]*)/) || ['', ''])[1].split(',').filter(Boolean);
      kinds.forEach((kind, i) => {
        if (!this.transceivers[i]) {
          const t = { direction: 'recvonly', stopped: false, sender: { track: null, streams: [], replaceTrack: async (track) => { t.sender.track = track; }, setStreams: (...streams) => { t.sender.streams = streams; } }, receiver: { track: new FakeTrack(kind, 'remote') } };
          this.transceivers.push(t);
        }
      });
    } else {
      this.signalingState = 'stable';
    }
    this.remoteDescription = description;
    for (const t of this.transceivers) this.ontrack?.({ track: t.receiver.track, streams: [] });
  }

  async addIceCandidate(candidate) {
    this.candidates.push(candidate);
  }

  restartIce() {
    this.iceGeneration++;
    queueMicrotask(() => this.onnegotiationneeded?.());
  }

  /** Driven by the test: the ICE/DTLS connection came up (or failed). */
  setConnectionState(state) {
    this.connectionState = state;
    this.onconnectionstatechange?.();
  }

  async getStats() {
    return new Map();
  }

  close() {
    this.closed = true;
    this.connectionState = 'closed';
  }
}
