// The call controller end to end against a fake server that keeps one call and relays signals, with fake media and
// fake peer connections: start, ring, accept into the lobby, admit, negotiate (the impolite side offers), report
// connected, camera off shown to the other, end for everyone (camera released), reconnect of a peer, history.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Emitter } from '../src/main/web/js/emitter.js';
import { RequestError } from '../src/main/web/js/connection.js';
import { CallController, CallPhase, isPolite } from '../src/main/web/js/call/callController.js';
import { LocalMedia } from '../src/main/web/js/call/media.js';
import { fakeDevices, FakePeerConnection } from './callFakes.js';

const CONVERSATION = 'conv-1';
const tick = () => new Promise((resolve) => setImmediate(resolve));
async function settle(rounds = 30) {
  for (let i = 0; i < rounds; i++) await tick();
}
const clone = (o) => JSON.parse(JSON.stringify(o));

/** Keeps one call like the server does (docs/protocol.md section 9), pushes CallUpdate events, relays signals. */
class FakeCallServer {
  call = null;
  seq = 0;
  connections = new Map(); // participantId -> FakeConnection
  names = new Map();

  connect(participantId, displayName) {
    const connection = new FakeConnection(this, participantId);
    this.connections.set(participantId, connection);
    this.names.set(participantId, displayName);
    return connection;
  }

  participant(id) {
    return this.call.participants.find((p) => p.participantId === id);
  }

  eventDelayMs = 0; // > 0: events reach the others later than the signals (they travel separately)

  broadcast(change, participantId) {
    const event = { conversationId: CONVERSATION, seq: String(++this.seq), callUpdate: { change, participantId, call: clone(this.call) } };
    for (const [id, c] of this.connections) {
      const late = this.eventDelayMs && id !== participantId;
      const send = () => c.emit('event', clone(event), { live: true });
      if (late) setTimeout(send, this.eventDelayMs);
      else setImmediate(send);
    }
  }

  unreachable = new Set(); // participants whose socket is down: signals to them are lost
  turn = null; // {now: () => ms, ttlMs}: hand out TURN credentials that expire (RenewIceServers)
  renewals = 0;

  iceServers(participantId) {
    const servers = { callId: this.call.callId, iceServers: [{ urls: ['stun:127.0.0.1:3478'] }] };
    if (this.turn) {
      const expiry = this.turn.now() + this.turn.ttlMs;
      servers.iceServers.push({ urls: ['turn:127.0.0.1:3478?transport=udp'], username: `${Math.floor(expiry / 1000)}:${participantId}`, credential: 'c' });
      servers.expiresAt = new Date(expiry).toISOString();
    }
    return servers;
  }

  session(participantId) {
    return { type: 'callSession', payload: { call: clone(this.call), yourParticipantId: participantId, iceServers: this.iceServers(participantId) } };
  }

  handle(from, body) {
    const [type, b] = Object.entries(body)[0];
    const ack = { type: 'ack', payload: {} };
    switch (type) {
      case 'getCall':
        if (!this.call) throw new RequestError('NOT_FOUND');
        return { type: 'call', payload: clone(this.call) };
      case 'startCall': {
        const others = [...this.connections.keys()].filter((id) => id !== from);
        this.call = {
          callId: 'call-1', conversationId: CONVERSATION, mode: 'CALL_DIRECT', state: 'CALL_STATE_RINGING', hostParticipantId: from,
          participants: [
            { participantId: from, displayName: this.names.get(from), state: 'CALL_ADMITTED', host: true, media: b.media },
            ...others.map((id) => ({ participantId: id, displayName: this.names.get(id), state: 'CALL_INVITED', media: {} })),
          ],
        };
        this.broadcast('CALL_STARTED', from);
        return this.session(from);
      }
      case 'callRinging':
        this.participant(from).state = 'CALL_RINGING';
        this.broadcast('PARTICIPANT_RINGING', from);
        return ack;
      case 'acceptCall':
        Object.assign(this.participant(from), { state: 'CALL_IN_LOBBY', media: b.media });
        this.broadcast('PARTICIPANT_ACCEPTED', from);
        return this.session(from);
      case 'joinCall':
        this.broadcast('PARTICIPANT_RECONNECTED', from);
        return this.session(from);
      case 'admitToCall':
        this.participant(b.participantId).state = 'CALL_ADMITTED';
        this.call.state = 'CALL_STATE_ACTIVE';
        this.broadcast('PARTICIPANT_ADMITTED', b.participantId);
        return ack;
      case 'sendSignal': {
        if (this.unreachable.has(b.toParticipantId)) return ack; // their socket is down: the relay drops it
        const target = this.connections.get(b.toParticipantId);
        const { toParticipantId, ...rest } = b;
        setImmediate(() => target.emit('push', 'callSignal', { ...clone(rest), fromParticipantId: from }));
        return ack;
      }
      case 'setCallMedia':
        this.participant(from).media = b.media;
        this.broadcast('MEDIA_CHANGED', from);
        return ack;
      case 'renewIceServers':
        this.renewals++;
        return { type: 'iceServers', payload: this.iceServers(from) };
      case 'reportCallConnected':
        this.participant(from).state = 'CALL_CONNECTED';
        this.broadcast('PARTICIPANT_CONNECTED', from);
        return ack;
      case 'endCall':
        this.call.state = 'CALL_STATE_ENDED';
        this.call.endReason = 'CALL_END_BY_HOST';
        for (const p of this.call.participants) if (p.state !== 'CALL_DECLINED') p.state = 'CALL_LEFT';
        this.broadcast('CALL_FINISHED', '');
        return ack;
      default:
        return ack;
    }
  }
}

class FakeConnection extends Emitter {
  requests = [];

  constructor(server, participantId) {
    super();
    this.server = server;
    this.participantId = participantId;
  }

  answerLate = false; // the answer comes after the events the request caused, as it may on a real server

  async request(body) {
    this.requests.push(body);
    await tick();
    const answer = this.server.handle(this.participantId, body);
    if (this.answerLate) await settle(5);
    return answer;
  }

  notify(body) {
    this.request(body).catch(() => {});
  }

  sent(type) {
    return this.requests.filter((r) => r[type] !== undefined).map((r) => r[type]);
  }
}

/** Timers the test fires by hand, and a clock it moves. */
class FakeTimers {
  now = Date.parse('2026-11-23T14:00:00Z');
  pending = new Map();
  #ids = 0;
  setTimeout = (f, ms) => {
    const id = ++this.#ids;
    this.pending.set(id, { f, at: this.now + ms });
    return id;
  };

  clearTimeout = (id) => this.pending.delete(id);

  /** Moves the clock and runs what is due. */
  advance(ms) {
    this.now += ms;
    for (const [id, t] of [...this.pending]) {
      if (t.at <= this.now) {
        this.pending.delete(id);
        t.f();
      }
    }
  }
}

function side(server, participantId, name, timers = new FakeTimers()) {
  const devices = fakeDevices();
  const connection = server.connect(participantId, name);
  const media = new LocalMedia(devices);
  const controller = new CallController({
    connection, conversationId: CONVERSATION, media, myParticipantId: () => participantId,
    PeerConnectionImpl: FakePeerConnection, policy: 'all', qualityOptions: { setInterval: () => 1, clearInterval: () => {} },
    timers: { setTimeout: timers.setTimeout, clearTimeout: timers.clearTimeout, now: () => timers.now },
  });
  return { devices, connection, media, controller, pc: () => [...controller.peers.values()][0]?.pc };
}

const liveTracks = (devices) => devices.tracks.filter((t) => t.readyState === 'live');

test('polite is decided by the two ids alone, the same on both sides', () => {
  assert.equal(isPolite('a', 'b'), true);
  assert.equal(isPolite('b', 'a'), false);
});

test('start, ring, lobby, admit, negotiate, connected, camera off, end for everyone', async () => {
  const server = new FakeCallServer();
  const pro = side(server, 'p-anna', 'Anna');
  const client = side(server, 'p-sam', 'Sam');

  await pro.media.start();
  await pro.controller.start();
  assert.equal(pro.controller.phase, CallPhase.HOSTING);
  await settle();
  assert.equal(client.controller.phase, CallPhase.INVITED);
  assert.equal(client.connection.sent('callRinging').length, 1, 'the invitee says it rings, once');
  assert.deepEqual(pro.controller.ringing.map((p) => p.displayName), ['Sam']);

  await client.media.start();
  await client.media.setCameraOn(true);
  await client.controller.accept();
  await settle();
  assert.equal(client.controller.phase, CallPhase.LOBBY);
  assert.deepEqual(pro.controller.lobby.map((p) => p.participantId), ['p-sam']);
  assert.equal(client.controller.peers.size, 0, 'no media to anyone from the lobby');

  await pro.controller.admit('p-sam');
  await settle();
  assert.equal(client.controller.phase, CallPhase.IN_CALL);
  assert.equal(pro.controller.phase, CallPhase.IN_CALL);
  const clientPc = client.pc();
  const proPc = pro.pc();
  assert.equal(clientPc.signalingState, 'stable');
  assert.equal(proPc.signalingState, 'stable');
  assert.equal(clientPc.localDescription.type, 'offer', 'the newly admitted side offered');
  assert.equal(clientPc.transceivers.length, 2);
  assert.deepEqual(proPc.transceivers.map((t) => [t.receiver.track.kind, t.direction, t.sender.track?.kind]), [['audio', 'sendrecv', 'audio'], ['video', 'sendrecv', 'video']], 'the answering side sends its own tracks');
  assert.deepEqual(proPc.configuration.iceServers, [{ urls: ['stun:127.0.0.1:3478'] }]);
  assert.ok(client.controller.peers.get('p-anna').tracks.size > 0, 'remote tracks reach the view');

  let connected = 0;
  client.controller.on('connected', () => connected++);
  clientPc.setConnectionState('connected');
  proPc.setConnectionState('connected');
  await settle();
  assert.equal(connected, 1);
  assert.equal(client.connection.sent('reportCallConnected').length, 1);
  assert.equal(pro.connection.sent('reportCallConnected').length, 1);
  assert.equal(client.connection.sent('reportCallConnected')[0].relayed, false, 'a direct connection is not relayed');

  await client.controller.setCameraOn(false);
  await settle();
  const video = clientPc.transceivers.find((t) => t.receiver.track.kind === 'video');
  assert.equal(video.sender.track, null, 'nothing sent from a camera that is off');
  assert.deepEqual(client.connection.sent('setCallMedia').at(-1).media, { audioMuted: false, cameraOff: true });
  assert.equal(pro.controller.participant('p-sam').media.cameraOff, true, 'the other sees it');
  client.controller.setMuted(true);
  await settle();
  assert.equal(pro.controller.participant('p-sam').media.audioMuted, true);

  await pro.controller.end();
  await settle();
  assert.equal(client.controller.phase, CallPhase.ENDED);
  assert.equal(client.controller.call.endReason, 'CALL_END_BY_HOST');
  assert.equal(client.controller.peers.size, 0);
  assert.ok(clientPc.closed && proPc.closed);
  assert.deepEqual(liveTracks(client.devices), [], 'the client\'s camera and microphone are free');
  assert.deepEqual(liveTracks(pro.devices), []);
  client.controller.dismissEnded();
  assert.equal(client.controller.phase, CallPhase.NONE);
});

/** Pro and client in a call, both peer connections negotiated. */
async function inCall(server = new FakeCallServer(), timers = undefined) {
  const pro = side(server, 'p-anna', 'Anna', timers);
  const client = side(server, 'p-sam', 'Sam', timers);
  await pro.media.start();
  await pro.controller.start();
  await settle();
  await client.media.start();
  await client.controller.accept();
  await pro.controller.admit('p-sam');
  await settle();
  return { server, pro, client };
}

const ufrag = (description) => (description.sdp.match(/a=ice-ufrag:(\S+)/) || [])[1];

test('a reconnected socket keeps the peer connections and restarts ICE through the server', async () => {
  const { server, pro, client } = await inCall();
  const proPc = pro.pc();
  const clientPc = client.pc();
  const before = ufrag(proPc.remoteDescription);
  // The client's socket dropped and came back: its controller joins again on the new HelloOk.
  client.connection.emit('helloOk', {});
  await settle();
  assert.equal(client.connection.sent('joinCall').length, 1);
  assert.equal(pro.pc(), proPc, 'the professional keeps its peer connection');
  assert.equal(client.pc(), clientPc, 'so does the client');
  assert.ok(!proPc.closed && !clientPc.closed);
  assert.notEqual(ufrag(proPc.remoteDescription), before, 'an ICE restart offer was answered');
  assert.equal(proPc.signalingState, 'stable');
  assert.equal(clientPc.signalingState, 'stable');
  assert.equal(server.participant('p-sam').state, 'CALL_ADMITTED');
  client.controller.dispose();
  assert.deepEqual(liveTracks(client.devices), []);
  assert.ok(client.pc() === undefined);
});

test('the ICE restart offer arriving before PARTICIPANT_RECONNECTED is answered all the same', async () => {
  const { server, pro, client } = await inCall();
  const proPc = pro.pc();
  const before = ufrag(proPc.remoteDescription);
  server.eventDelayMs = 40; // the event reaches the professional after the client's offer
  client.connection.emit('helloOk', {});
  await settle();
  assert.notEqual(ufrag(proPc.remoteDescription), before, 'the offer came first and was answered');
  assert.equal(proPc.signalingState, 'stable');
  await new Promise((resolve) => setTimeout(resolve, 80));
  await settle();
  assert.equal(pro.pc(), proPc, 'the late PARTICIPANT_RECONNECTED does not close the connection');
  assert.ok(!proPc.closed);
  assert.equal(client.pc().signalingState, 'stable');
});

test('an offer lost while the other was away is sent again when they are back, so the impolite side does not wait for ever', async () => {
  const { server, pro, client } = await inCall();
  assert.equal(isPolite('p-sam', 'p-anna'), false, 'the client is the impolite side here');
  const clientPc = client.pc();
  // The professional's socket is down; the client's connection fails and it restarts ICE: that offer is lost.
  server.unreachable.add('p-anna');
  client.controller.peers.get('p-anna').negotiation.restartIce();
  await settle();
  assert.equal(clientPc.signalingState, 'have-local-offer');
  server.unreachable.clear();
  pro.connection.emit('helloOk', {}); // back, on a new socket: JoinCall and its own ICE restart
  await settle(60);
  assert.equal(clientPc.signalingState, 'stable', 'the client got an answer');
  assert.equal(pro.pc().signalingState, 'stable');
  assert.equal(client.pc(), clientPc);
  assert.equal(ufrag(pro.pc().remoteDescription), ufrag(clientPc.localDescription), 'both sides agree on the ICE credentials');
});

for (const eventFirst of [true, false]) {
  test(`a reloaded page offers from a new peer connection, which replaces the old one (event ${eventFirst ? 'first' : 'last'})`, async () => {
    const { server, pro, client } = await inCall();
    const oldPc = pro.pc();
    client.controller.dispose(); // the page is gone; a new one starts with the same credential
    server.eventDelayMs = eventFirst ? 0 : 40;
    const again = side(server, 'p-sam', 'Sam');
    await again.media.start();
    await again.controller.join();
    await settle();
    await new Promise((resolve) => setTimeout(resolve, 80));
    await settle();
    assert.ok(oldPc.closed, 'the connection to the old page is closed');
    assert.notEqual(pro.pc(), oldPc);
    assert.equal(pro.pc().signalingState, 'stable');
    assert.equal(again.pc().signalingState, 'stable');
    assert.equal(pro.pc().remoteDescription.sdp, again.pc().localDescription.sdp);
  });
}

test('TURN credentials are renewed with RenewIceServers before they expire and applied with setConfiguration', async () => {
  const timers = new FakeTimers();
  const server = new FakeCallServer();
  server.turn = { now: () => timers.now, ttlMs: 600000 };
  const { pro, client } = await inCall(server, timers);
  const pc = client.pc();
  const first = pc.configuration.iceServers[1].username;
  timers.advance(500000);
  await settle();
  assert.equal(client.connection.sent('renewIceServers').length, 0, 'not yet: a tenth of the lifetime is left at 540 s');
  timers.advance(45000);
  await settle();
  assert.deepEqual(client.connection.sent('renewIceServers'), [{ callId: 'call-1' }]);
  assert.equal(pc.configurations.length, 1, 'applied to the running connection');
  const renewed = pc.configurations[0].iceServers[1].username;
  assert.notEqual(renewed, first);
  assert.equal(renewed.split(':')[1], 'p-sam');
  assert.equal(pc.configurations[0].iceTransportPolicy, 'all');
  // The next renewal is planned from the new expiry; leaving the call stops it.
  await client.controller.leave();
  timers.advance(600000);
  await settle();
  assert.equal(client.connection.sent('renewIceServers').length, 1, 'no renewal after leaving');
  assert.ok(pro.connection.sent('renewIceServers').length >= 1, 'the professional renews too');
});

test('a pushed IceServers replaces the planned renewal', async () => {
  const timers = new FakeTimers();
  const server = new FakeCallServer();
  server.turn = { now: () => timers.now, ttlMs: 600000 };
  const { client } = await inCall(server, timers);
  timers.advance(480000);
  client.connection.emit('push', 'iceServers', server.iceServers('p-sam'));
  await settle();
  assert.equal(client.pc().configurations.length, 1);
  timers.advance(100000); // 580 s after the first credentials: the pushed ones still have 500 s
  await settle();
  assert.equal(client.connection.sent('renewIceServers').length, 0);
});

test('an offer that overtakes the event admitting its sender is kept and answered', async () => {
  const server = new FakeCallServer();
  const pro = side(server, 'p-anna', 'Anna');
  const client = side(server, 'p-sam', 'Sam');
  await pro.media.start();
  await pro.controller.start();
  await settle();
  await client.media.start();
  await client.controller.accept();
  await settle();
  server.eventDelayMs = 30;
  // The host admits; the client learns it from the answer... here: from its own (immediate) event, and offers at
  // once, while the host's copy of the event is still on its way.
  server.handle('p-anna', { admitToCall: { callId: 'call-1', participantId: 'p-sam' } });
  await settle(10);
  assert.equal(pro.controller.peers.size, 0, 'the host has not seen the admission yet');
  await new Promise((resolve) => setTimeout(resolve, 60));
  await settle();
  assert.equal(pro.pc().signalingState, 'stable');
  assert.equal(pro.pc().remoteDescription.type, 'offer', 'the early offer was applied');
  assert.equal(client.pc().signalingState, 'stable');
});

test('the event of my own accept arriving before its answer does not let the camera go', async () => {
  const server = new FakeCallServer();
  const pro = side(server, 'p-anna', 'Anna');
  const client = side(server, 'p-sam', 'Sam');
  client.connection.answerLate = true;
  const phases = [];
  client.controller.on('change', ({ phase }) => phases.push(phase));
  await pro.media.start();
  await pro.controller.start();
  await settle();
  await client.media.start();
  await client.controller.accept();
  await settle();
  assert.equal(client.controller.phase, CallPhase.LOBBY);
  assert.ok(!phases.includes(CallPhase.JOINABLE), `no "joinable" between invited and lobby: ${phases}`);
  assert.equal(liveTracks(client.devices).length, 2, 'camera and microphone still on');
  await pro.controller.admit('p-sam');
  await settle();
  assert.equal(client.pc().transceivers.filter((t) => t.sender.track).length, 2, 'both tracks are sent');
});

test('the chat ending (quick exit) ends the call here at once: media released, the reason shown', async () => {
  const server = new FakeCallServer();
  const pro = side(server, 'p-anna', 'Anna');
  const client = side(server, 'p-sam', 'Sam');
  await pro.media.start();
  await pro.controller.start();
  await settle();
  await client.media.start();
  await client.controller.accept();
  await pro.controller.admit('p-sam');
  await settle();
  pro.controller.conversationEnded(true);
  assert.equal(pro.controller.phase, CallPhase.ENDED);
  assert.equal(pro.controller.call.endReason, 'CALL_END_QUICK_EXIT');
  assert.deepEqual(liveTracks(pro.devices), []);
  assert.equal(pro.controller.peers.size, 0);
});

test('a call that ended before the page opened is history: no "ended" notice', async () => {
  const server = new FakeCallServer();
  const pro = side(server, 'p-anna', 'Anna');
  server.connect('p-sam', 'Sam');
  server.call = { callId: 'old', conversationId: CONVERSATION, mode: 'CALL_DIRECT', state: 'CALL_STATE_ENDED', endReason: 'CALL_END_NO_ANSWER', hostParticipantId: 'p-anna', participants: [{ participantId: 'p-anna', state: 'CALL_LEFT' }, { participantId: 'p-sam', state: 'CALL_TIMED_OUT' }] };
  await pro.controller.refresh();
  assert.equal(pro.controller.phase, CallPhase.NONE);
  assert.equal(pro.controller.active, false);
});
