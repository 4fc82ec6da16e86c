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

  session(participantId) {
    return { type: 'callSession', payload: { call: clone(this.call), yourParticipantId: participantId, iceServers: { callId: this.call.callId, iceServers: [{ urls: ['stun:127.0.0.1:3478'] }] } } };
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
        const target = this.connections.get(b.toParticipantId);
        const { toParticipantId, ...rest } = b;
        setImmediate(() => target.emit('push', 'callSignal', { ...clone(rest), fromParticipantId: from }));
        return ack;
      }
      case 'setCallMedia':
        this.participant(from).media = b.media;
        this.broadcast('MEDIA_CHANGED', from);
        return ack;
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

function side(server, participantId, name) {
  const devices = fakeDevices();
  const connection = server.connect(participantId, name);
  const media = new LocalMedia(devices);
  const controller = new CallController({
    connection, conversationId: CONVERSATION, media, myParticipantId: () => participantId,
    PeerConnectionImpl: FakePeerConnection, policy: 'all', qualityOptions: { setInterval: () => 1, clearInterval: () => {} },
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

test('a peer that reconnects gets a new peer connection; dispose releases everything', async () => {
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
  const first = pro.pc();
  assert.ok(first);
  // The client's socket dropped and came back: its controller joins again on the new HelloOk.
  client.connection.emit('helloOk', {});
  await settle();
  assert.ok(first.closed, 'the old connection to the client is closed');
  assert.notEqual(pro.pc(), first);
  assert.equal(pro.pc().signalingState, 'stable');
  assert.equal(client.connection.sent('joinCall').length, 1);
  client.controller.dispose();
  assert.deepEqual(liveTracks(client.devices), []);
  assert.ok(client.pc() === undefined);
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
